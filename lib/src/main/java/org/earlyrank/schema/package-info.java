/**
 * The Parquet tables of the contract: one class per table declaring its columns once, with a row record (toRow/fromRow).
 */
package org.earlyrank.schema;
