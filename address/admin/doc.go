// Package admin knows Vietnam's administrative units in two versions: the
// legacy three-level system (63 provinces, 696 districts, 10,035 communes,
// until 30 June 2025) and the two-level system of 1 July 2025 (34 provinces,
// 3,321 communes). It looks units up by code, matches names as people write
// them, converts legacy units to their 2025 successors, and finds the unit
// of a point from boundary polygons.
package admin
