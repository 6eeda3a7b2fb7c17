package org.earlyrank.estimate;

/**
 * One estimator's score of one run at one budget (higher means better), with what producing it on its
 * own from the stored tables cost ({@code estimates.cost_seconds}).
 */
public record Score(String estimator, int budget, double value, double costSeconds) {
}
