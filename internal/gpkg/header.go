package gpkg

import (
	"fmt"
	"io"
	"os"
)

// readHeader reads the SQLite header of path (its first 100 bytes) and
// checks that the file is a SQLite database whose size is the one its
// header gives, before SQLite is let at it. A file that is not wraps kind
// (ErrCorrupt for a file diachi saved, ErrInput for one from elsewhere);
// a file that cannot be opened is the I/O error.
func readHeader(path string, kind error) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	head := make([]byte, 100)
	_, err = io.ReadFull(f, head)
	st, serr := f.Stat()
	f.Close()
	if err != nil || serr != nil {
		return nil, fmt.Errorf("%w: %s: shorter than a SQLite header", kind, path)
	}
	if string(head[:16]) != "SQLite format 3\x00" {
		return nil, fmt.Errorf("%w: %s: not a SQLite file", kind, path)
	}
	pageSize := int64(head[16])<<8 | int64(head[17])
	if pageSize == 1 {
		pageSize = 65536
	}
	pages := int64(head[28])<<24 | int64(head[29])<<16 | int64(head[30])<<8 | int64(head[31])
	if err := checkSize(st.Size(), pageSize, pages); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", kind, path, err)
	}
	return head, nil
}
