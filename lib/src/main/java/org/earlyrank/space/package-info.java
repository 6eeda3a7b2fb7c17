/**
 * Search spaces (NAS-Bench-201-style cells, macro conv stacks), canonical architecture strings, and seeded sampling of run specs. No Deeplearning4j here.
 */
package org.earlyrank.space;
