package org.earlyrank.data.curves;

import java.util.ArrayList;
import java.util.List;

import org.earlyrank.config.ConfigException;

/**
 * Splits CSV text (RFC 4180: comma separated, fields in double quotes may hold commas, line breaks and
 * doubled quotes) into records, each with the file line it starts on, so errors can name it.
 * Blank lines are skipped.
 */
final class CsvRecords {
    /** One record: its fields and the 1-based line of the file it starts on. */
    record Record(int line, List<String> fields) {
    }

    private CsvRecords() {
    }

    /**
     * @param text  the whole file
     * @param where the file, for messages
     * @throws ConfigException on an unterminated quote or text after a closing quote
     */
    static List<Record> parse(String text, String where) {
        List<Record> out = new ArrayList<>();
        int i = 0;
        int line = 1;
        int n = text.length();
        if (n > 0 && text.charAt(0) == '\uFEFF') {
            i = 1; // byte-order mark
        }
        while (i < n) {
            int start = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean endOfRecord = false;
            while (!endOfRecord) {
                if (i < n && text.charAt(i) == '"') {
                    i++;
                    while (true) {
                        if (i >= n) {
                            throw new ConfigException(where + " line " + start + ": a quoted field is never closed"
                                    + " (a missing '\"'); fix the file");
                        }
                        char c = text.charAt(i++);
                        if (c == '"') {
                            if (i < n && text.charAt(i) == '"') {
                                field.append('"');
                                i++;
                            } else {
                                break;
                            }
                        } else {
                            if (c == '\n') {
                                line++;
                            }
                            field.append(c);
                        }
                    }
                    if (i < n && text.charAt(i) != ',' && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                        throw new ConfigException(where + " line " + line + ", field " + (fields.size() + 1)
                                + ": text after a closing quote; quote the whole field or double the inner quotes");
                    }
                } else {
                    while (i < n && text.charAt(i) != ',' && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                        field.append(text.charAt(i++));
                    }
                }
                fields.add(field.toString());
                field.setLength(0);
                if (i < n && text.charAt(i) == ',') {
                    i++;
                } else {
                    if (i < n && text.charAt(i) == '\r') {
                        i++;
                    }
                    if (i < n && text.charAt(i) == '\n') {
                        i++;
                    }
                    line++;
                    endOfRecord = true;
                }
            }
            if (!(fields.size() == 1 && fields.get(0).isEmpty())) {
                out.add(new Record(start, List.copyOf(fields)));
            }
        }
        return out;
    }
}
