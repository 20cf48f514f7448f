package dev.descent.solve;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.DataException;
import dev.descent.testing.Strd;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The exact solver against NIST's certified values. The required digits are those a careful
 * Householder QR reaches in double precision (numpy/LAPACK, ../shared/data/strd/README.md):
 * the solver must do at least as well, and, because it refines against the values as written
 * in the file (not their nearest doubles), reach 14 digits on every set.
 */
class LeastSquaresStrdTest {

    @ParameterizedTest(name = "{0}: at least {1} digits")
    @CsvSource({
        "Norris, 12.5", "Pontius, 13.9", "NoInt1, 14.7", "NoInt2, 15",
        "Filip, 8.1", "Longley, 10.9",
        "Wampler1, 9.6", "Wampler2, 12.6", "Wampler3, 9.3", "Wampler4, 7.8", "Wampler5, 5.8",
    })
    void reachesTheCertifiedParameters(String name, double qrDigits) throws DataException {
        Strd set = Strd.load(name);
        double[] fitted = LeastSquares.fit(set.data(), set.intercept()).parameters();
        double digits = set.digits(fitted);
        double required = Math.max(qrDigits, 14);
        assertTrue(digits >= required, name + ": " + digits + " digits, expected at least " + required);
    }
}
