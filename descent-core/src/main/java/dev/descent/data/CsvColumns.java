package dev.descent.data;

import de.siegmar.fastcsv.reader.CsvRecord;
import dev.descent.Shown;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Which columns of a CSV header are the features and which is the target. */
final class CsvColumns {
    /** The role of the target column. */
    static final int TARGET = -2;
    /** The role of a column that is neither target nor feature. */
    static final int IGNORED = -1;

    final List<String> header;
    final int[] features;
    final int target;

    private CsvColumns(List<String> header, int[] features, int target) {
        this.header = header;
        this.features = features;
        this.target = target;
    }

    static CsvColumns resolve(String name, long headerLine, CsvRecord headerRecord, String target, List<String> wanted)
            throws DataException {
        String line = name + " line " + headerLine;
        List<String> header = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        for (int j = 0; j < headerRecord.getFieldCount(); j++) {
            String column = headerRecord.getField(j).strip();
            if (column.isEmpty()) {
                throw new DataException(line + ", column " + (j + 1) + ": expected a column name in the header, found an empty cell");
            }
            if (index.putIfAbsent(column, j) != null) {
                throw new DataException(line + ", column " + (j + 1) + ": the column name \"" + Shown.text(column)
                        + "\" appears twice in the header");
            }
            header.add(column);
        }
        Integer targetIndex = target == null ? Integer.valueOf(-1) : index.get(target);
        if (targetIndex == null) {
            throw new DataException(line + ": no target column \"" + Shown.text(target) + "\"; the header has "
                    + Shown.names(header));
        }
        int[] features;
        if (wanted.isEmpty()) {
            features = new int[header.size() - 1];
            for (int j = 0, k = 0; j < header.size(); j++) {
                if (j != targetIndex) {
                    features[k++] = j;
                }
            }
            if (features.length == 0) {
                throw new DataException(line + ": the only column is the target \"" + target
                        + "\"; expected at least one feature column");
            }
        } else {
            features = new int[wanted.size()];
            for (int k = 0; k < wanted.size(); k++) {
                Integer column = index.get(wanted.get(k));
                if (column == null) {
                    throw new DataException(line + ": no feature column \"" + Shown.text(wanted.get(k)) + "\"; the header has "
                            + Shown.names(header));
                }
                if (column.equals(targetIndex)) {
                    throw new DataException(name + ": \"" + target + "\" is the target, so it cannot also be a feature");
                }
                features[k] = column;
            }
            if (Arrays.stream(features).distinct().count() != features.length) {
                throw new DataException(name + ": a feature is named twice in " + wanted);
            }
        }
        return new CsvColumns(List.copyOf(header), features, targetIndex);
    }

    /** A role per header column: {@link #TARGET}, {@link #IGNORED}, or the index of the feature it is. */
    int[] roles() {
        int[] roles = new int[header.size()];
        Arrays.fill(roles, IGNORED);
        for (int j = 0; j < features.length; j++) {
            roles[features[j]] = j;
        }
        if (target >= 0) {
            roles[target] = TARGET;
        }
        return roles;
    }

    List<String> featureNames() {
        List<String> names = new ArrayList<>(features.length);
        for (int column : features) {
            names.add(header.get(column));
        }
        return names;
    }

    String targetName() {
        return target < 0 ? CsvDatasetReader.NO_TARGET : header.get(target);
    }
}
