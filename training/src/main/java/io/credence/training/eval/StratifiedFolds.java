package io.credence.training.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded stratified splits: the rows of each class are shuffled with the seed and dealt round
 * robin, so every fold (and every split part) has the data set's bad rate to within one row.
 */
public final class StratifiedFolds {

    private StratifiedFolds() {
    }

    /**
     * {@code k} folds over rows {@code 0..labels.length-1}.
     *
     * @throws IllegalArgumentException when k < 2 or a class has fewer than k rows
     */
    public static List<Fold> kFold(float[] labels, int k, long seed) {
        if (k < 2) {
            throw new IllegalArgumentException("folds must be >= 2, was " + k);
        }
        int[] assignment = assign(labels, k, seed);
        List<Fold> folds = new ArrayList<>(k);
        for (int f = 0; f < k; f++) {
            int fold = f;
            int[] test = java.util.stream.IntStream.range(0, labels.length).filter(i -> assignment[i] == fold).toArray();
            int[] train = java.util.stream.IntStream.range(0, labels.length).filter(i -> assignment[i] != fold).toArray();
            folds.add(new Fold(f + 1, train, test));
        }
        return folds;
    }

    /**
     * Splits {@code rows} (indices into {@code labels}) into a fitting part and a held-out part of
     * about {@code fraction} of the rows, stratified and seeded.
     *
     * @return {fit rows, held-out rows}
     */
    public static int[][] split(int[] rows, float[] labels, double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1), was " + fraction);
        }
        List<Integer> bad = new ArrayList<>();
        List<Integer> good = new ArrayList<>();
        for (int r : rows) {
            (labels[r] > 0.5f ? bad : good).add(r);
        }
        Random random = new Random(seed);
        java.util.Collections.shuffle(bad, random);
        java.util.Collections.shuffle(good, random);
        int badOut = (int) Math.round(bad.size() * fraction);
        int goodOut = (int) Math.round(good.size() * fraction);
        List<Integer> fit = new ArrayList<>(bad.subList(badOut, bad.size()));
        fit.addAll(good.subList(goodOut, good.size()));
        List<Integer> out = new ArrayList<>(bad.subList(0, badOut));
        out.addAll(good.subList(0, goodOut));
        int[] a = fit.stream().mapToInt(Integer::intValue).sorted().toArray();
        int[] b = out.stream().mapToInt(Integer::intValue).sorted().toArray();
        return new int[][] {a, b};
    }

    private static int[] assign(float[] labels, int k, long seed) {
        List<Integer> bad = new ArrayList<>();
        List<Integer> good = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            (labels[i] > 0.5f ? bad : good).add(i);
        }
        if (bad.size() < k || good.size() < k) {
            throw new IllegalArgumentException(k + " stratified folds need at least " + k + " rows of each class; got "
                    + bad.size() + " bad and " + good.size() + " good");
        }
        Random random = new Random(seed);
        java.util.Collections.shuffle(bad, random);
        java.util.Collections.shuffle(good, random);
        int[] assignment = new int[labels.length];
        Arrays.fill(assignment, -1);
        int next = 0;
        for (int r : bad) {
            assignment[r] = next++ % k;
        }
        for (int r : good) {
            assignment[r] = next++ % k;
        }
        return assignment;
    }
}
