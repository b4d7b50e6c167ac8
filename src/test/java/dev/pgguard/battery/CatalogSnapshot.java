package dev.pgguard.battery;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The catalog of some schemas as a sorted list of readable lines: schemas, relations (kind, owner,
 * persistence, privileges, view text), columns (format_type, NOT NULL, default, identity,
 * generated, collation), constraints (type, pg_get_constraintdef, validated, deferrable), indexes
 * (pg_get_indexdef, valid), enum labels in order, domains, functions (identity arguments, result,
 * md5 of the body, language, volatility, security, owner), triggers (pg_get_triggerdef, enabled),
 * sequences (type, start, increment, bounds, cycle, cache, owner column) and comments. Liquibase's
 * own tables (databasechangelog, databasechangeloglock) and everything on them are left out.
 * Compare two with {@code assertThat(after).containsExactlyElementsOf(before)}: the diff names
 * the objects.
 */
public final class CatalogSnapshot {

    private static final String NOT_LIQUIBASE = " NOT IN ('databasechangelog', 'databasechangeloglock')";

    private static final List<String> QUERIES = List.of(
            // schemas
            """
            SELECT 'schema ' || n.nspname || ' owner=' || pg_catalog.pg_get_userbyid(n.nspowner)
                   || ' acl=' || coalesce(n.nspacl::text, '-')
              FROM pg_catalog.pg_namespace n WHERE n.nspname = ANY (?)
            """,
            // relations (tables, views, sequences, ...; indexes have their own line)
            """
            SELECT 'relation ' || n.nspname || '.' || c.relname || ' kind=' || c.relkind::text
                   || ' owner=' || pg_catalog.pg_get_userbyid(c.relowner) || ' persistence=' || c.relpersistence::text
                   || ' rls=' || c.relrowsecurity || ' acl=' || coalesce(c.relacl::text, '-')
                   || CASE WHEN c.relkind IN ('v', 'm') THEN ' view=' || pg_catalog.pg_get_viewdef(c.oid) ELSE '' END
              FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ANY (?) AND c.relkind NOT IN ('i', 'I', 'S', 't', 'c')
               AND c.relname""" + NOT_LIQUIBASE,
            // columns (by name: attnum changes when a column is dropped and added back, which is invisible)
            """
            SELECT 'column ' || n.nspname || '.' || c.relname || '.' || a.attname
                   || ' type=' || pg_catalog.format_type(a.atttypid, a.atttypmod)
                   || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
                   || coalesce(' default=' || pg_catalog.pg_get_expr(d.adbin, d.adrelid), '')
                   || CASE WHEN a.attidentity <> '' THEN ' identity=' || a.attidentity::text ELSE '' END
                   || CASE WHEN a.attgenerated <> '' THEN ' generated=' || a.attgenerated::text ELSE '' END
                   || coalesce(' collation=' || co.collname, '')
              FROM pg_catalog.pg_attribute a
              JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
              LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
              LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation AND a.attcollation <> 100
             WHERE n.nspname = ANY (?) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
               AND a.attnum > 0 AND NOT a.attisdropped AND c.relname""" + NOT_LIQUIBASE,
            // constraints (on tables and domains)
            """
            SELECT 'constraint ' || n.nspname || '.' || coalesce(c.relname, t.typname) || '.' || k.conname
                   || ' type=' || k.contype::text || ' def=' || pg_catalog.pg_get_constraintdef(k.oid)
                   || ' validated=' || k.convalidated || ' deferrable=' || k.condeferrable || '/' || k.condeferred
              FROM pg_catalog.pg_constraint k
              JOIN pg_catalog.pg_namespace n ON n.oid = k.connamespace
              LEFT JOIN pg_catalog.pg_class c ON c.oid = k.conrelid
              LEFT JOIN pg_catalog.pg_type t ON t.oid = k.contypid
             WHERE n.nspname = ANY (?) AND coalesce(c.relname, '')""" + NOT_LIQUIBASE,
            // indexes
            """
            SELECT 'index ' || n.nspname || '.' || ic.relname || ' ' || pg_catalog.pg_get_indexdef(i.indexrelid)
                   || ' valid=' || i.indisvalid || ' ready=' || i.indisready
              FROM pg_catalog.pg_index i
              JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
              JOIN pg_catalog.pg_class tc ON tc.oid = i.indrelid
              JOIN pg_catalog.pg_namespace n ON n.oid = ic.relnamespace
             WHERE n.nspname = ANY (?) AND tc.relname""" + NOT_LIQUIBASE,
            // enum types and their labels in order
            """
            SELECT 'enum ' || n.nspname || '.' || t.typname || ' owner=' || pg_catalog.pg_get_userbyid(t.typowner)
                   || ' labels=' || coalesce((SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
                                                FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid), '')
              FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
             WHERE n.nspname = ANY (?) AND t.typtype = 'e'
            """,
            // domains
            """
            SELECT 'domain ' || n.nspname || '.' || t.typname || ' base=' || pg_catalog.format_type(t.typbasetype, t.typtypmod)
                   || ' notnull=' || t.typnotnull || ' default=' || coalesce(t.typdefault, '-')
              FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
             WHERE n.nspname = ANY (?) AND t.typtype = 'd'
            """,
            // functions and procedures
            """
            SELECT 'function ' || n.nspname || '.' || p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')'
                   || ' kind=' || p.prokind::text || ' returns=' || coalesce(pg_catalog.pg_get_function_result(p.oid), '-')
                   || ' language=' || l.lanname || ' volatility=' || p.provolatile::text || ' security_definer=' || p.prosecdef
                   || ' owner=' || pg_catalog.pg_get_userbyid(p.proowner) || ' body_md5=' || md5(coalesce(p.prosrc, ''))
                   || ' config=' || coalesce(p.proconfig::text, '-')
              FROM pg_catalog.pg_proc p
              JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
              JOIN pg_catalog.pg_language l ON l.oid = p.prolang
             WHERE n.nspname = ANY (?)
            """,
            // triggers (not the internal ones behind foreign keys)
            """
            SELECT 'trigger ' || n.nspname || '.' || c.relname || '.' || g.tgname || ' ' || pg_catalog.pg_get_triggerdef(g.oid)
                   || ' enabled=' || g.tgenabled::text
              FROM pg_catalog.pg_trigger g
              JOIN pg_catalog.pg_class c ON c.oid = g.tgrelid
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ANY (?) AND NOT g.tgisinternal
            """,
            // sequences (definition, not the current value: sequences are not transactional)
            """
            SELECT 'sequence ' || n.nspname || '.' || c.relname || ' type=' || pg_catalog.format_type(s.seqtypid, NULL)
                   || ' start=' || s.seqstart || ' increment=' || s.seqincrement || ' min=' || s.seqmin
                   || ' max=' || s.seqmax || ' cycle=' || s.seqcycle || ' cache=' || s.seqcache
                   || ' owner=' || pg_catalog.pg_get_userbyid(c.relowner)
                   || coalesce(' owned_by=' || (SELECT oc.relname || '.' || oa.attname
                                                  FROM pg_catalog.pg_depend dep
                                                  JOIN pg_catalog.pg_class oc ON oc.oid = dep.refobjid
                                                  JOIN pg_catalog.pg_attribute oa ON oa.attrelid = dep.refobjid
                                                                                AND oa.attnum = dep.refobjsubid
                                                 WHERE dep.classid = 'pg_catalog.pg_class'::regclass AND dep.objid = c.oid
                                                   AND dep.refclassid = 'pg_catalog.pg_class'::regclass
                                                   AND dep.deptype IN ('a', 'i')
                                                 LIMIT 1), '')
              FROM pg_catalog.pg_sequence s
              JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ANY (?)
            """,
            // comments on anything in the schemas, and on the schemas themselves
            """
            SELECT 'comment ' || o.type || ' ' || o.identity || ' = ' || d.description
              FROM pg_catalog.pg_description d,
                   LATERAL pg_catalog.pg_identify_object(d.classoid, d.objoid, d.objsubid) o
             WHERE (o.schema = ANY (?) OR (o.type = 'schema' AND o.identity = ANY (?)))
               AND o.identity NOT LIKE '%.databasechangelog%'
            """);

    private CatalogSnapshot() {
    }

    /** The sorted lines describing every object in {@code schemas}. */
    public static List<String> of(Connection connection, List<String> schemas) throws SQLException {
        List<String> lines = new ArrayList<>();
        Array names = connection.createArrayOf("text", schemas.toArray());
        for (String sql : QUERIES) {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                int params = (int) sql.chars().filter(ch -> ch == '?').count();
                for (int i = 1; i <= params; i++) {
                    ps.setArray(i, names);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        lines.add(rs.getString(1));
                    }
                }
            }
        }
        Collections.sort(lines);
        return List.copyOf(lines);
    }
}
