// Package auditlog holds the shapes of the audit log's stored values (the
// changed fields and links of one object touched by a write). It is a leaf
// package: ent's generated code stores these as JSON columns.
package auditlog

// FieldChange is one changed field of an object: its value before the write
// (null on create) and after it (null on delete), as stored.
type FieldChange struct {
	Before any `json:"before"`
	After  any `json:"after"`
}

// LinkChange is one changed list edge of an object: the IDs linked and
// unlinked by the write.
type LinkChange struct {
	Added   []int `json:"added,omitempty"`
	Removed []int `json:"removed,omitempty"`
}

// Fields maps a field's stored name to its change.
type Fields map[string]FieldChange

// Links maps an edge's name to its change.
type Links map[string]LinkChange
