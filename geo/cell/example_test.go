package cell_test

import (
	"fmt"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/geo/cell"
)

// The resolution-9 cell (about 0.1 km²) of Bến Thành market, Hồ Chí Minh
// City, as a shard key, with the cells around it and its children.
func ExampleFromPoint() {
	c, err := cell.FromPoint(orb.Point{106.698, 10.7725}, 9) // lon, lat
	if err != nil {
		panic(err)
	}
	ring, _ := c.Disk(1)
	children, _ := c.Children(10)
	fmt.Println(c, c.Resolution(), len(ring), len(children))
	// Output: 8965b5662b7ffff 9 7 7
}

// Cells do not nest: 170 m north of Bến Thành market, the point's
// resolution-10 cell has a parent that is not the point's resolution-9
// cell. A shard is the cell of the point at the shard's own resolution.
func ExampleCell_Parent() {
	p := orb.Point{106.698, 10.774}
	c9, _ := cell.FromPoint(p, 9)
	c10, _ := cell.FromPoint(p, 10)
	parent, _ := c10.Parent(9)
	fmt.Println(c9, parent, parent == c9)
	// Output: 8965b5662a3ffff 8965b5662a7ffff false
}
