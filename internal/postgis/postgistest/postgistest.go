// Package postgistest gives tests the PostgreSQL/PostGIS server named by
// DIACHI_POSTGIS_URL, or skips them with a message saying how to start
// one (examples/postgis_server.sh).
package postgistest

import (
	"context"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
)

// Env is the environment variable naming the test server.
const Env = "DIACHI_POSTGIS_URL"

// URL returns the test server's URL, or skips tb when none is named.
func URL(tb testing.TB) string {
	tb.Helper()
	url := os.Getenv(Env)
	if url == "" {
		tb.Skip(Env + " not set: no PostgreSQL/PostGIS server to test against (examples/postgis_server.sh starts one)")
	}
	return url
}

// Conn connects to the test server, closed when tb ends, or skips tb when
// none is named or it does not answer.
func Conn(tb testing.TB) *pgx.Conn {
	tb.Helper()
	url := URL(tb)
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		tb.Skipf("PostgreSQL/PostGIS at %s does not answer (%v); skipping", Env, err)
	}
	tb.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}
