// The stack's absolute floor, for comparison: node:http answering `select 1` from a
// pg pool of the same size as the app's, no framework. Started as its own process.
import http from 'node:http';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const server = http.createServer(async (_request, response) => {
  const { rows } = await pool.query('select 1 as one');
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify(rows[0]));
});
server.listen(Number(process.env.PORT), 'localhost', () => process.send?.('ready'));
