package graph

// Helpers of the federation entity resolvers (entity.resolvers.go): the router
// sends any number of representations of a type at once; they are loaded with
// one query and answered in the order they came, null where the row is missing
// or not readable (the privacy filter left it out), exactly like node(id:).

// representationIDs returns the distinct IDs of the representations.
func representationIDs[R any](reps []R, id func(R) int) []int {
	seen := make(map[int]bool, len(reps))
	ids := make([]int, 0, len(reps))
	for _, rep := range reps {
		if i := id(rep); !seen[i] {
			seen[i] = true
			ids = append(ids, i)
		}
	}
	return ids
}

// inRepresentationOrder lines rows up with reps; a representation without a
// row gets nil.
func inRepresentationOrder[R any, E any](reps []R, repID func(R) int, rows []*E, rowID func(*E) int) []*E {
	byID := make(map[int]*E, len(rows))
	for _, row := range rows {
		byID[rowID(row)] = row
	}
	out := make([]*E, len(reps))
	for i, rep := range reps {
		out[i] = byID[repID(rep)]
	}
	return out
}
