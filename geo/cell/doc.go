// Package cell gives diachi H3 cells (Uber's hexagonal hierarchical grid)
// for bucketing, sharding and coarse pre-filtering: the [Cell] of a point
// at a resolution ([FromPoint]), parents and children ([Cell.Parent],
// [Cell.Children]), rings of neighbours ([Cell.Disk]), the cells covering a
// polygon ([Cover], in a [Mode]), and a text form ([Parse], [Cell.String]).
// It is the only package of diachi that uses cgo (through h3-go).
//
// Cells do not nest: the cell of a point at resolution r+1 can have a
// parent other than the point's cell at resolution r (see the example of
// [Cell.Parent]). Compute a point's shard from the point at the shard's
// own resolution, never as the parent of a finer cell.
//
// Cells are small comparable values (the zero Cell is invalid); results
// holding several cells are sorted, so output is deterministic. Everything
// here is safe for concurrent use. Why H3 is used this way is explained in
// the [design note].
//
// [design note]: https://github.com/diachi-vn/diachi/blob/main/docs/design.md#geocell
package cell
