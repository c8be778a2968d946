package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
)

// isLocal reports whether a path is on the local filesystem (no scheme).
func isLocal(path string) bool { return !strings.Contains(path, "://") }

func openFS(ctx context.Context, path string) (filesystem.Interface, error) {
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return fs, nil
}

// fsWriter closes the file, then its filesystem.
type fsWriter struct {
	io.WriteCloser
	fs filesystem.Interface
}

func (w *fsWriter) Close() error {
	err := w.WriteCloser.Close()
	if cerr := w.fs.Close(); err == nil {
		err = cerr
	}
	return err
}

// createFile opens path for writing on its filesystem, making the local
// directories it needs.
func createFile(ctx context.Context, path string) (io.WriteCloser, error) {
	if isLocal(path) {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, err
		}
	}
	fs, err := openFS(ctx, path)
	if err != nil {
		return nil, err
	}
	w, err := fs.OpenWrite(ctx, path)
	if err != nil {
		fs.Close()
		return nil, err
	}
	return &fsWriter{w, fs}, nil
}

func writeFile(ctx context.Context, path string, data []byte) error {
	w, err := createFile(ctx, path)
	if err != nil {
		return err
	}
	if _, err := w.Write(data); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

// removeFile removes a file where its filesystem can.
func removeFile(ctx context.Context, path string) error {
	fs, err := openFS(ctx, path)
	if err != nil {
		return err
	}
	defer fs.Close()
	if r, ok := fs.(filesystem.Remover); ok {
		return r.Remove(ctx, path)
	}
	return nil
}
