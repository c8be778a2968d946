// Package numbering numbers houses by Circular 08/2024/TT-BXD: it orients
// streets and alleys by the Circular's direction rules, locates each house
// on its street's centreline, numbers odd on the left and even on the
// right, names alleys after the house before their entrance, letters
// housing groups, keeps numbers stable as houses are added, and audits the
// numbers already on the walls.
//
// A [Numberer] is built once from the streets ([New]) and is then
// immutable and safe for concurrent use: [Numberer.Assign] numbers
// frontages, [Numberer.Renumber] plans a full renumbering, and
// [Numberer.Audit] checks existing numbers. [ReadOSM] imports
// OpenStreetMap XML for audits.
//
// # Decisions
//
//   - Direction of a street under the Circular: of its two directions, the
//     one whose heading from first to last point lies in [157.5°, 337.5°)
//     (clockwise from north), that is south, south-west, west or north-west
//     with half the gap to their neighbours on each side. This is the
//     Circular's N→S, NE→SW, E→W and SE→NW made total: every street gets
//     exactly one direction, and a street a little off north-south still
//     runs north to south.
//   - A radial street (Street.Centre set) runs from its end nearer the
//     centre. A closed street (first point equal to the last) starts at its
//     northernmost vertex (easternmost on a tie) and runs counter-clockwise,
//     so its first stretch heads west and its odd numbers are inside. Legacy
//     (numbered before 15 October 2024) and AsDrawn streets keep the
//     direction their centreline is drawn in.
//   - A centreline of several parts is joined end to end in the order given,
//     each part turned round when its far end is nearer; gaps count in the
//     distance along.
//   - Houses are located by their door with geo linear referencing; sides
//     follow the numbering direction (left odd, right even). Along one side,
//     houses are ordered by distance along, then by distance from the
//     centreline, then by ID, so equal positions still number the same way
//     every time. A door on the centreline, or farther than
//     Options.MaxDistance (200 m), is reported in Result.Problems.
//   - A corner house (doors on several streets) is numbered on the street
//     with the larger cross-section, then at its main door, then on the
//     street with more houses already numbered, then at its first door.
//   - Fresh numbering (a side with no numbers yet) is sequential: 1, 3, 5…
//     on the left, 2, 4, 6… on the right. Planned lots take numbers like
//     houses, which reserves them. Options.Spacing switches on metric
//     reservation (one number per Spacing metres of each side); it is off by
//     default since the Circular prescribes no distance.
//   - Growth never renumbers: numbers given in Frontage.Number are kept
//     exactly. A new house between two numbered houses takes a free plain
//     number of its side between them if there is one (the metric slot
//     first), otherwise the smaller neighbour's number with the next free
//     suffix: 20A, 20B… (Letters) or 20-1, 20-2… (Dashes), the other form
//     when the first runs out, and always sorting before the larger
//     neighbour when any such number exists. After the last number a street
//     continues (extension: 21 → 23); before the first it takes the largest
//     free smaller number. A split house keeps its number for its first part
//     and gives the others its next suffixes.
//   - Alleys (Street.Parent set) run from their entrance on the parent: the
//     end nearer the parent's centreline. A linking alley (Street.Other) is
//     entered from Parent, or, when it is unnamed and Other is wider, from
//     Other. An unnumbered, unnamed alley takes the number of the house just
//     before its entrance on its side of the parent (suffix kept, dash
//     sub-number dropped); with no house before, the side's first number; a
//     second alley after the same house takes the next letter. Houses in
//     the alley carry the chain: house 2 of sub-alley 20 of alley 130 is
//     130/20/2. A named alley has no number, so its houses have no chain.
//   - Housing groups (Frontage.Group) are lettered per street from the
//     street's start, in order of their first house: left A, C, E…, right
//     B, D, F…; houses in a group are numbered from 1 along the street, and
//     written A10, or BL.A-10 with Street.Abbrev "BL".
//   - Apartments ([NumberFlats]) are building + floor + flat, flats counted
//     clockwise from the first on the left of the stair.
//
// Results are deterministic: the same input gives the same numbers, in the
// same order, whatever the number of cores.
package numbering
