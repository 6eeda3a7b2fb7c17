/**
 * Performance estimators: the one interface they share, the run histories they read (truncated to the budget), and one sub-package per estimator family.
 */
package org.earlyrank.estimate;
