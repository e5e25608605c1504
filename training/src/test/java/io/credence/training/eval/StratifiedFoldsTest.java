package io.credence.training.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StratifiedFoldsTest {

    private static float[] labels(int n, int bad) {
        float[] y = new float[n];
        for (int i = 0; i < bad; i++) {
            y[(i * 7) % n] = 1;
        }
        return y;
    }

    private static int bad(int[] rows, float[] y) {
        return (int) Arrays.stream(rows).filter(r -> y[r] > 0.5f).count();
    }

    @Test
    void everyFoldHasTheBadRateAndEveryRowIsTestedOnce() {
        float[] y = labels(103, 31);
        List<Fold> folds = StratifiedFolds.kFold(y, 5, 7L);
        assertEquals(5, folds.size());
        Set<Integer> tested = new HashSet<>();
        for (Fold f : folds) {
            int b = bad(f.test(), y);
            assertTrue(b == 6 || b == 7, "fold " + f.number() + " has " + b + " bad rows");
            assertTrue(f.test().length == 20 || f.test().length == 21, "fold size " + f.test().length);
            assertEquals(103, f.train().length + f.test().length);
            for (int r : f.test()) {
                assertTrue(tested.add(r), "row " + r + " tested twice");
                assertFalse(Arrays.stream(f.train()).anyMatch(t -> t == r));
            }
        }
        assertEquals(103, tested.size());
    }

    @Test
    void sameSeedSameFoldsOtherSeedOtherFolds() {
        float[] y = labels(60, 20);
        assertArrayEquals(StratifiedFolds.kFold(y, 3, 1L).get(0).test(), StratifiedFolds.kFold(y, 3, 1L).get(0).test());
        assertFalse(Arrays.equals(StratifiedFolds.kFold(y, 3, 1L).get(0).test(), StratifiedFolds.kFold(y, 3, 2L).get(0).test()));
    }

    @Test
    void splitKeepsTheBadRate() {
        float[] y = labels(100, 30);
        int[] rows = java.util.stream.IntStream.range(0, 100).toArray();
        int[][] split = StratifiedFolds.split(rows, y, 0.2, 3L);
        assertEquals(80, split[0].length);
        assertEquals(20, split[1].length);
        assertEquals(6, bad(split[1], y));
    }

    @Test
    void tooFewRowsOfAClassIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StratifiedFolds.kFold(labels(10, 2), 5, 1L));
        assertTrue(e.getMessage().contains("5 stratified folds need at least 5 rows of each class; got 2 bad and 8 good"),
                e.getMessage());
    }
}
