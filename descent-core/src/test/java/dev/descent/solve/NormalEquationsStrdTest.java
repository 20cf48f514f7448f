package dev.descent.solve;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.DataException;
import dev.descent.testing.Strd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The normal equations against NIST's certified values. Formed and solved once they lose twice
 * the digits QR does (../shared/data/strd/README.md: 7.4 on Longley, about 6 on the Wamplers,
 * 0 on Filip); refined with the data's exact gradient they must come within 1.2 digits of what
 * Householder QR reaches on the same doubles, and refuse Filip, where squaring the condition
 * number leaves nothing to refine.
 */
class NormalEquationsStrdTest {

    @ParameterizedTest(name = "{0}: QR reaches {1} digits")
    @CsvSource({
        "Norris, 12.5", "Pontius, 13.9", "NoInt1, 14.7", "NoInt2, 15", "Longley, 10.9",
        "Wampler1, 9.6", "Wampler2, 12.6", "Wampler3, 9.3", "Wampler4, 7.8", "Wampler5, 5.8",
    })
    void refinementComesWithinADigitOfQr(String name, double qrDigits) throws DataException {
        Strd set = Strd.load(name);
        double digits = set.digits(NormalEquations.ridge(set.data(), set.intercept(), 0).parameters());
        assertTrue(digits >= qrDigits - 1.2, name + ": " + digits + " digits, QR reaches " + qrDigits);
    }

    @Test
    void refusesFilipWhoseSquaredConditionNumberIsBeyondDoublePrecision() {
        Strd filip = Strd.load("Filip");
        DataException e = assertThrows(DataException.class,
                () -> NormalEquations.ridge(filip.data(), filip.intercept(), 0));
        assertTrue(e.getMessage().contains("--solver exact"), e.getMessage());
    }
}
