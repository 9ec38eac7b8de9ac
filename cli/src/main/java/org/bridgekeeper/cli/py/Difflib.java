package org.bridgekeeper.cli.py;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code difflib.SequenceMatcher.ratio()} and {@code get_close_matches}, for the
 * "maybe you meant" suggestions. Sequences here are short command names, so the junk heuristic
 * (only for sequences of 200+ items) never applies.
 */
final class Difflib {

    private Difflib() {
    }

    static List<String> closeMatches(String word, List<String> possibilities, int n, double cutoff) {
        record Scored(double score, String word) {
        }
        List<Scored> result = new ArrayList<>();
        for (String x : possibilities) {
            double r = ratio(x, word);
            if (r >= cutoff) {
                result.add(new Scored(r, x));
            }
        }
        // heapq.nlargest over (score, word) tuples: by score, then by word, both descending.
        result.sort((a, b) -> a.score() != b.score() ? Double.compare(b.score(), a.score())
                : b.word().compareTo(a.word()));
        return result.stream().limit(n).map(Scored::word).toList();
    }

    /** {@code SequenceMatcher(None, a, b).ratio()}: 2·matches / (len(a)+len(b)). */
    static double ratio(String a, String b) {
        int total = a.length() + b.length();
        if (total == 0) {
            return 1.0;
        }
        Map<Character, List<Integer>> b2j = new HashMap<>();
        for (int j = 0; j < b.length(); j++) {
            b2j.computeIfAbsent(b.charAt(j), k -> new ArrayList<>()).add(j);
        }
        return 2.0 * matches(a, b, b2j, 0, a.length(), 0, b.length()) / total;
    }

    private static int matches(String a, String b, Map<Character, List<Integer>> b2j, int alo, int ahi, int blo,
                               int bhi) {
        if (alo >= ahi || blo >= bhi) {
            return 0;
        }
        // find_longest_match: the earliest longest block (ties to the smallest i, then j).
        int besti = alo;
        int bestj = blo;
        int bestsize = 0;
        Map<Integer, Integer> j2len = new HashMap<>();
        for (int i = alo; i < ahi; i++) {
            Map<Integer, Integer> newj2len = new HashMap<>();
            for (int j : b2j.getOrDefault(a.charAt(i), List.of())) {
                if (j < blo) {
                    continue;
                }
                if (j >= bhi) {
                    break;
                }
                int k = j2len.getOrDefault(j - 1, 0) + 1;
                newj2len.put(j, k);
                if (k > bestsize) {
                    besti = i - k + 1;
                    bestj = j - k + 1;
                    bestsize = k;
                }
            }
            j2len = newj2len;
        }
        if (bestsize == 0) {
            return 0;
        }
        return bestsize + matches(a, b, b2j, alo, besti, blo, bestj)
                + matches(a, b, b2j, besti + bestsize, ahi, bestj + bestsize, bhi);
    }
}
