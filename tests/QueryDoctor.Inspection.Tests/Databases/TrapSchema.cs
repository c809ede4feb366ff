namespace QueryDoctor.Inspection.Tests.Databases;

/// <summary>
/// A schema full of the traps the database rules must get right, written in DDL that SQLite and
/// PostgreSQL both accept. Comments say what each rule must conclude.
/// </summary>
public static class TrapSchema
{
    public const string Ddl = """
        CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, region INTEGER NOT NULL);
        -- unique (name) beside (name, region): the unique one enforces something, clean
        CREATE UNIQUE INDEX ux_customers_name ON customers (name);
        CREATE INDEX ix_customers_name_region ON customers (name, region);
        CREATE TABLE products (id INTEGER PRIMARY KEY, sku TEXT NOT NULL);
        CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers (id), status INTEGER NOT NULL, created INTEGER NOT NULL, note TEXT);
        -- FK customer_id leads a composite: clean
        CREATE INDEX ix_orders_customer_status ON orders (customer_id, status);
        -- (status) is a leading prefix of (status, created): redundant
        CREATE INDEX ix_orders_status ON orders (status);
        CREATE INDEX ix_orders_status_created ON orders (status, created);
        -- exact duplicates: the second by name is redundant
        CREATE INDEX ix_orders_created ON orders (created);
        CREATE INDEX ix_orders_created_copy ON orders (created);
        CREATE TABLE order_lines (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL REFERENCES orders (id), product_id INTEGER NOT NULL REFERENCES products (id), quantity INTEGER NOT NULL);
        -- FK product_id leads (clean); FK order_id is only the second column (flagged)
        CREATE INDEX ix_order_lines_product_order ON order_lines (product_id, order_id);
        CREATE TABLE shipments (id INTEGER PRIMARY KEY, tenant_id INTEGER NOT NULL, code INTEGER NOT NULL, CONSTRAINT uq_shipments_tenant_code UNIQUE (tenant_id, code));
        -- multi-column FK covered by an index leading with its columns in the other order: clean
        CREATE TABLE shipment_events (id INTEGER PRIMARY KEY, tenant_id INTEGER NOT NULL, code INTEGER NOT NULL, at INTEGER NOT NULL, FOREIGN KEY (tenant_id, code) REFERENCES shipments (tenant_id, code));
        CREATE INDEX ix_shipment_events_code_tenant_at ON shipment_events (code, tenant_id, at);
        -- multi-column FK whose second column is not among the index's leading two: flagged
        CREATE TABLE shipment_notes (id INTEGER PRIMARY KEY, tenant_id INTEGER NOT NULL, code INTEGER NOT NULL, at INTEGER NOT NULL, FOREIGN KEY (tenant_id, code) REFERENCES shipments (tenant_id, code));
        CREATE INDEX ix_shipment_notes_tenant_at_code ON shipment_notes (tenant_id, at, code);
        -- FK covered by the leading column of a composite primary key: clean; (customer_id) alone is redundant to the key
        CREATE TABLE customer_tags (customer_id INTEGER NOT NULL REFERENCES customers (id), tag TEXT NOT NULL, PRIMARY KEY (customer_id, tag));
        CREATE INDEX ix_customer_tags_customer ON customer_tags (customer_id);
        -- FK covered only by a partial index: flagged
        CREATE TABLE refunds (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL REFERENCES orders (id), amount INTEGER NOT NULL);
        CREATE INDEX ix_refunds_order_big ON refunds (order_id) WHERE amount > 100;
        -- no primary key: flagged
        CREATE TABLE audit_log (at INTEGER NOT NULL, message TEXT NOT NULL);
        """;
}
