// Command ferretdb-id-index adds, to every collection table of FerretDB 1.24's SQLite backend, an
// index on the expression FerretDB actually queries `_id` with.
//
// Why: FerretDB 1.24 creates its `_id` index on `_ferretdb_sjson->"_id"` but filters with
// `_ferretdb_sjson->'$._id' = ?` (metadata.IDColumn). SQLite matches expression indexes
// syntactically, so it never uses FerretDB's index and every `_id` read, update and delete scans
// the table. The index added here has the same meaning (and the same uniqueness) as FerretDB's
// own, so FerretDB behaves exactly as before, only without the scan.
//
// It is started by infra/local/stack.js next to a locally started FerretDB, never against MongoDB.
//
//	ferretdb-id-index watch -dir <sqlite dir> [-interval 500ms] [-ferretdb-pid <pid>]
//	ferretdb-id-index once  -dir <sqlite dir>     one pass; prints what it created
//	ferretdb-id-index list  -dir <sqlite dir>     every collection table and its indexes, as JSON lines
//	ferretdb-id-index sql   -file <db.sqlite> -query <sql>   read-only query, rows as JSON lines
package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	_ "modernc.org/sqlite" // the pure-Go driver FerretDB itself uses: no C compiler needed
)

const (
	// idExpression must stay byte-for-byte what FerretDB 1.24 puts in its WHERE clauses
	// (internal/backends/sqlite/metadata/metadata.go, IDColumn), or SQLite will not use the index.
	idExpression = `_ferretdb_sjson->'$._id'`
	// indexPrefix comes first so that it can never equal one of FerretDB's own index names, which
	// are always `<table>_<MongoDB index name>`.
	indexPrefix       = "opencen_id_"
	collectionsTable  = "_ferretdb_collections"
	databaseExtension = ".sqlite"
	// A file modified less than this long ago may be modified again within the same filesystem
	// timestamp tick, so its fingerprint is not trusted yet (the "racy clean" problem of git).
	settleTime = time.Second
	// Long enough to wait out one of FerretDB's write transactions, short enough not to stall it:
	// creating the index on a new (empty) table takes a millisecond.
	busyTimeout = 2 * time.Second
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "watch":
		err = cmdWatch(os.Args[2:])
	case "once":
		err = cmdOnce(os.Args[2:])
	case "list":
		err = cmdList(os.Args[2:])
	case "sql":
		err = cmdSQL(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb-id-index: %v\n", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: ferretdb-id-index watch|once|list -dir <FerretDB sqlite dir> | sql -file <db.sqlite> -query <sql>")
	os.Exit(2)
}

func logf(format string, args ...any) {
	fmt.Printf("%s %s\n", time.Now().UTC().Format("2006-01-02T15:04:05.000Z"), fmt.Sprintf(format, args...))
}

// ---------------------------------------------------------------------------------------------
// Commands

func cmdWatch(args []string) error {
	fs := flag.NewFlagSet("watch", flag.ExitOnError)
	dir := fs.String("dir", "", "FerretDB's SQLite directory (its --sqlite-url)")
	interval := fs.Duration("interval", 500*time.Millisecond, "how often to look for changed database files")
	ferretPID := fs.Int("ferretdb-pid", 0, "exit when this process is gone (0: never)")
	_ = fs.Parse(args)
	if *dir == "" || *interval <= 0 {
		return errors.New("watch needs -dir and a positive -interval")
	}
	if err := absolute(dir); err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()

	w := newWatcher(*dir)
	logf("watching %s every %s for FerretDB tables without the index on %s", *dir, *interval, idExpression)
	ticker := time.NewTicker(*interval)
	defer ticker.Stop()
	for {
		w.pass(ctx)
		select {
		case <-ctx.Done():
			logf("stopped")
			return nil
		case <-ticker.C:
		}
		// A watcher whose FerretDB has gone (killed by hand, crashed) has nothing left to do.
		if *ferretPID > 0 && syscall.Kill(*ferretPID, 0) == syscall.ESRCH {
			logf("FerretDB (pid %d) is gone; stopping", *ferretPID)
			return nil
		}
	}
}

func cmdOnce(args []string) error {
	fs := flag.NewFlagSet("once", flag.ExitOnError)
	dir := fs.String("dir", "", "FerretDB's SQLite directory")
	_ = fs.Parse(args)
	if *dir == "" {
		return errors.New("once needs -dir")
	}
	if err := absolute(dir); err != nil {
		return err
	}
	w := newWatcher(*dir)
	w.pass(context.Background())
	if w.failures > 0 {
		return fmt.Errorf("%d database(s) could not be checked (see the lines above)", w.failures)
	}
	return nil
}

type tableInfo struct {
	DB         string      `json:"db"`
	Collection string      `json:"collection"`
	Table      string      `json:"table"`
	Indexes    []indexInfo `json:"indexes"`
}

type indexInfo struct {
	Name string `json:"name"`
	SQL  string `json:"sql"`
}

func cmdList(args []string) error {
	fs := flag.NewFlagSet("list", flag.ExitOnError)
	dir := fs.String("dir", "", "FerretDB's SQLite directory")
	_ = fs.Parse(args)
	if *dir == "" {
		return errors.New("list needs -dir")
	}
	if err := absolute(dir); err != nil {
		return err
	}
	files, err := databaseFiles(*dir)
	if err != nil {
		return err
	}
	out := json.NewEncoder(os.Stdout)
	out.SetEscapeHTML(false)
	for _, file := range files {
		tables, err := listTables(context.Background(), file)
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		for _, t := range tables {
			if err := out.Encode(t); err != nil {
				return err
			}
		}
	}
	return nil
}

func cmdSQL(args []string) error {
	fs := flag.NewFlagSet("sql", flag.ExitOnError)
	file := fs.String("file", "", "a database file")
	query := fs.String("query", "", "a read-only SQL statement")
	_ = fs.Parse(args)
	if *file == "" || *query == "" {
		return errors.New("sql needs -file and -query")
	}
	if err := absolute(file); err != nil {
		return err
	}
	db, err := open(*file, true)
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.Query(*query)
	if err != nil {
		return err
	}
	defer rows.Close()
	columns, err := rows.Columns()
	if err != nil {
		return err
	}
	out := json.NewEncoder(os.Stdout)
	out.SetEscapeHTML(false)
	for rows.Next() {
		values := make([]any, len(columns))
		pointers := make([]any, len(columns))
		for i := range values {
			pointers[i] = &values[i]
		}
		if err := rows.Scan(pointers...); err != nil {
			return err
		}
		row := make(map[string]any, len(columns))
		for i, c := range columns {
			if b, ok := values[i].([]byte); ok {
				values[i] = string(b)
			}
			row[c] = values[i]
		}
		if err := out.Encode(row); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ---------------------------------------------------------------------------------------------
// Watching

// fingerprint is what changes when FerretDB writes to a database: the main file, or its
// write-ahead log (FerretDB runs SQLite in WAL mode, so most writes only touch the -wal file).
type fingerprint struct {
	dbTime, walTime time.Time
	dbSize, walSize int64
}

func (f fingerprint) newest() time.Time {
	if f.walTime.After(f.dbTime) {
		return f.walTime
	}
	return f.dbTime
}

type watcher struct {
	dir      string
	settled  map[string]fingerprint // files checked since their last change
	reported map[string]string      // last error logged per file, so a lasting one is logged once
	failures int
}

func newWatcher(dir string) *watcher {
	return &watcher{dir: dir, settled: map[string]fingerprint{}, reported: map[string]string{}}
}

// pass looks at every database file and opens only those changed since they were last checked:
// an idle FerretDB costs a directory read and two stat calls per database per interval.
func (w *watcher) pass(ctx context.Context) {
	files, err := databaseFiles(w.dir)
	if err != nil {
		w.report(w.dir, fmt.Sprintf("cannot read the directory: %v; check that FerretDB's --sqlite-url points at it", err))
		return
	}
	present := make(map[string]bool, len(files))
	for _, file := range files {
		if ctx.Err() != nil {
			return
		}
		present[file] = true
		fp, ok := stat(file)
		if !ok {
			continue // dropped between the directory read and the stat
		}
		if prev, seen := w.settled[file]; seen && prev == fp {
			continue
		}
		if err := w.ensure(ctx, file); err != nil {
			if errors.Is(err, os.ErrNotExist) {
				continue // dropped meanwhile
			}
			w.failures++
			w.report(file, fmt.Sprintf("%v; retried at the next change. If it persists, look at ferretdb.log "+
				"and check the file with `ferretdb-id-index list -dir %s`", err, w.dir))
			continue
		}
		delete(w.reported, file)
		// Remember the fingerprint of before the check: a write during the check changes it again.
		if time.Since(fp.newest()) > settleTime {
			w.settled[file] = fp
		}
	}
	for file := range w.settled {
		if !present[file] {
			delete(w.settled, file) // dropped database; a new one of the same name is checked afresh
		}
	}
}

func (w *watcher) report(file, message string) {
	if w.reported[file] == message {
		return
	}
	w.reported[file] = message
	logf("error db=%s: %s", dbName(file), message)
}

// ensure creates the index on every collection table of one database file that lacks it.
func (w *watcher) ensure(ctx context.Context, file string) error {
	missing, err := missingTables(ctx, file)
	if err != nil || len(missing) == 0 {
		return err
	}
	// Only now open for writing: most passes (a file changed because FerretDB wrote documents)
	// find nothing to do, and a read-only connection never checkpoints or removes FerretDB's WAL.
	db, err := open(file, false)
	if err != nil {
		return err
	}
	defer db.Close()
	for _, t := range missing {
		started := time.Now()
		// One statement per table, in its own short transaction, so FerretDB never waits long.
		// IF NOT EXISTS: another watcher (a second stack on the same files) may have been first.
		q := fmt.Sprintf(`CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s (%s)`,
			quoteIdent(indexPrefix+t.Table), quoteIdent(t.Table), idExpression)
		if _, err := db.ExecContext(ctx, q); err != nil {
			if isNoSuchTable(err) {
				continue // the collection was dropped meanwhile
			}
			return fmt.Errorf("creating the index on table %s (collection %q): %w", t.Table, t.Collection, err)
		}
		logf("created index %s db=%s table=%s collection=%q in %s",
			indexPrefix+t.Table, t.DB, t.Table, t.Collection, time.Since(started).Round(time.Microsecond))
	}
	return nil
}

// missingTables lists the collection tables of a database that do not have the index yet.
func missingTables(ctx context.Context, file string) ([]tableInfo, error) {
	db, err := open(file, true)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	// The join with sqlite_master skips a collection whose table is being created or dropped.
	rows, err := db.QueryContext(ctx, `
		SELECT c.name, c.table_name FROM `+collectionsTable+` c
		JOIN sqlite_master t ON t.type = 'table' AND t.name = c.table_name
		WHERE NOT EXISTS (
			SELECT 1 FROM sqlite_master i
			WHERE i.type = 'index' AND i.tbl_name = c.table_name AND i.name = ? || c.table_name)`,
		indexPrefix)
	if err != nil {
		if isNoSuchTable(err) {
			return nil, nil // a database file FerretDB has just created: no collection yet
		}
		return nil, err
	}
	defer rows.Close()
	var out []tableInfo
	for rows.Next() {
		t := tableInfo{DB: dbName(file)}
		if err := rows.Scan(&t.Collection, &t.Table); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func listTables(ctx context.Context, file string) ([]tableInfo, error) {
	db, err := open(file, true)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `
		SELECT c.name, c.table_name, coalesce(i.name, ''), coalesce(i.sql, '') FROM `+collectionsTable+` c
		LEFT JOIN sqlite_master i ON i.type = 'index' AND i.tbl_name = c.table_name
		ORDER BY c.name, i.name`)
	if err != nil {
		if isNoSuchTable(err) {
			return nil, nil
		}
		return nil, err
	}
	defer rows.Close()
	var out []tableInfo
	for rows.Next() {
		var collection, table, name, text string
		if err := rows.Scan(&collection, &table, &name, &text); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].Table != table {
			out = append(out, tableInfo{DB: dbName(file), Collection: collection, Table: table, Indexes: []indexInfo{}})
		}
		if name != "" {
			last := &out[len(out)-1]
			last.Indexes = append(last.Indexes, indexInfo{Name: name, SQL: text})
		}
	}
	return out, rows.Err()
}

// ---------------------------------------------------------------------------------------------
// Files and connections

func databaseFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var files []string
	for _, e := range entries {
		if e.Type().IsRegular() && strings.HasSuffix(e.Name(), databaseExtension) {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	sort.Strings(files)
	return files, nil
}

func dbName(file string) string {
	return strings.TrimSuffix(filepath.Base(file), databaseExtension)
}

func stat(file string) (fingerprint, bool) {
	info, err := os.Stat(file)
	if err != nil {
		return fingerprint{}, false
	}
	fp := fingerprint{dbTime: info.ModTime(), dbSize: info.Size()}
	if wal, err := os.Stat(file + "-wal"); err == nil {
		fp.walTime, fp.walSize = wal.ModTime(), wal.Size()
	}
	return fp, true
}

// open never creates a file (mode=ro / mode=rw, not rwc): a database dropped by FerretDB must
// not come back as an empty file.
func open(file string, readOnly bool) (*sql.DB, error) {
	if _, err := os.Stat(file); err != nil {
		return nil, err
	}
	mode := "rw"
	if readOnly {
		mode = "ro"
	}
	q := url.Values{}
	q.Set("mode", mode)
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	u := url.URL{Scheme: "file", Path: file, RawQuery: q.Encode()}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

func isNoSuchTable(err error) bool {
	return strings.Contains(err.Error(), "no such table")
}

func quoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// absolute makes a path absolute: SQLite's file: URIs do not reliably open relative paths.
func absolute(p *string) error {
	abs, err := filepath.Abs(*p)
	if err != nil {
		return err
	}
	*p = abs
	return nil
}
