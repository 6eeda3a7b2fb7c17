/**
 * The top of the engine: the registry of every stage ({@link org.earlyrank.pipeline.Stages}) and the
 * pipelines that sequence them ({@link org.earlyrank.pipeline.Pipeline}): the sweep (train, every estimator
 * stage, the report) and a stage run on its own (followed by a redrawn report where the stage's tables
 * appear on the page). Every engine package sits below this one; none imports it, so there are no two-way
 * package dependencies. The jobs in module jobs call only this package.
 */
package org.earlyrank.pipeline;
