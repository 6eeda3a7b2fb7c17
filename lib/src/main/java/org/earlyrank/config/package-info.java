/**
 * Configuration: one options record per section (defaults and docs declared once in its Section), strict YAML loading with command-line overrides.
 */
package org.earlyrank.config;
