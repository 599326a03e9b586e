// Runs SQL in an in-memory DuckDB and prints the last statement's rows, one JSON object per line.
// The Parquet tests use it as a tool independent of DataFactory: it writes the shards `import`
// reads, and reads back the shards `export --format parquet` writes.
// Usage: node tests/duckdb/duckdb.mjs "COPY (...) TO 'x.parquet' (FORMAT parquet)" "SELECT ..."
import { DuckDBInstance } from '@duckdb/node-api';

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
let rows = [];
for (const sql of process.argv.slice(2)) {
  const reader = await connection.runAndReadAll(sql);
  rows = reader.getRowObjectsJson();
}
for (const row of rows) {
  process.stdout.write(JSON.stringify(row) + '\n');
}
