package io.credence.plugin.encode;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The encoded values of one application by column name, as an unmodifiable map view over the
 * encoded arrays: creating it copies nothing, iterating it (what an audit record does) walks the
 * arrays in column order, and a lookup by name builds an index on first use.
 */
final class EncodedColumns extends AbstractMap<String, Float> {

    private final String[] names;
    private final float[][] rows;
    private final int[] inputOf;
    private final int[] offsetOf;
    private Map<String, Float> index;

    EncodedColumns(EncodedApplication encoded) {
        int total = 0;
        for (int i = 0; i < encoded.inputNames().size(); i++) {
            total += encoded.values().get(i).length;
        }
        names = new String[total];
        inputOf = new int[total];
        offsetOf = new int[total];
        rows = encoded.values().toArray(float[][]::new);
        int k = 0;
        for (int i = 0; i < rows.length; i++) {
            var columns = encoded.columns().get(i);
            float[] row = rows[i];
            if (row.length == columns.size()) {
                for (int c = 0; c < columns.size(); c++, k++) {
                    names[k] = columns.get(c);
                    inputOf[k] = i;
                    offsetOf[k] = c;
                }
            } else {
                int steps = row.length / columns.size();
                for (int c = 0; c < columns.size(); c++) {
                    for (int t = 0; t < steps; t++, k++) {
                        names[k] = columns.get(c) + "[" + t + "]";
                        inputOf[k] = i;
                        offsetOf[k] = t * columns.size() + c;
                    }
                }
            }
        }
    }

    private float value(int k) {
        return rows[inputOf[k]][offsetOf[k]];
    }

    @Override
    public int size() {
        return names.length;
    }

    @Override
    public Float get(Object key) {
        return lookup().get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return lookup().containsKey(key);
    }

    private synchronized Map<String, Float> lookup() {
        if (index == null) {
            Map<String, Float> map = new LinkedHashMap<>(names.length * 2);
            for (int k = 0; k < names.length; k++) {
                map.put(names[k], value(k));
            }
            index = map;
        }
        return index;
    }

    @Override
    public Set<Entry<String, Float>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return names.length;
            }

            @Override
            public Iterator<Entry<String, Float>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < names.length;
                    }

                    @Override
                    public Entry<String, Float> next() {
                        if (next >= names.length) {
                            throw new NoSuchElementException();
                        }
                        int k = next++;
                        return new SimpleImmutableEntry<>(names[k], value(k));
                    }
                };
            }
        };
    }
}
