package dev.pgguard.check;

/** pg_class.relkind in words, for messages. */
final class RelationKind {

    private RelationKind() {
    }

    static String describe(String relkind) {
        switch (relkind) {
            case "r": return "a table";
            case "p": return "a partitioned table";
            case "v": return "a view";
            case "m": return "a materialized view";
            case "f": return "a foreign table";
            case "S": return "a sequence";
            case "i": return "an index";
            case "I": return "a partitioned index";
            case "c": return "a composite type";
            case "t": return "a TOAST table";
            default: return "a relation of kind '" + relkind + "'";
        }
    }
}
