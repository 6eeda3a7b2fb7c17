package org.earlyrank.search;

import java.util.ArrayList;
import java.util.List;

/** Hyperband's sampling: the next untried configurations in the repeat's random order. Stateless. */
public final class RandomProposer implements Proposer {
    @Override
    public List<String> propose(SearchState state, int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(state.drawRandom());
        }
        return out;
    }
}
