package profileexport

import (
	"fmt"
	"regexp"
)

// ValidateJSONResume checks a decoded document against the JSON Resume
// schema v1.0.0 (https://github.com/jsonresume/resume-schema, schema.json),
// restated by hand for the sections Cockpit writes: the root allows only
// the schema's properties (additionalProperties false); each section has
// its type; each known field of an entry has its type; dates follow the
// schema's iso8601 pattern. It returns what is wrong.
func ValidateJSONResume(doc map[string]any) []string {
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	iso8601 := regexp.MustCompile(`^([1-2][0-9]{3}-[0-1][0-9]-[0-3][0-9]|[1-2][0-9]{3}-[0-1][0-9]|[1-2][0-9]{3})$`)
	root := map[string]string{"$schema": "string", "basics": "object", "work": "array", "volunteer": "array",
		"education": "array", "awards": "array", "certificates": "array", "publications": "array", "skills": "array",
		"languages": "array", "interests": "array", "references": "array", "projects": "array", "meta": "object"}
	// Per section: field -> "string", "date" (iso8601), "strings" (array
	// of strings) or "object".
	fields := map[string]map[string]string{
		"basics": {"name": "string", "label": "string", "image": "string", "email": "string", "phone": "string",
			"url": "string", "summary": "string", "location": "object", "profiles": "array"},
		"work": {"name": "string", "location": "string", "description": "string", "position": "string", "url": "string",
			"startDate": "date", "endDate": "date", "summary": "string", "highlights": "strings"},
		"volunteer": {"organization": "string", "position": "string", "url": "string", "startDate": "date",
			"endDate": "date", "summary": "string", "highlights": "strings"},
		"skills":     {"name": "string", "level": "string", "keywords": "strings"},
		"references": {"name": "string", "reference": "string"},
		"projects": {"name": "string", "description": "string", "highlights": "strings", "keywords": "strings",
			"startDate": "date", "endDate": "date", "url": "string", "roles": "strings", "entity": "string", "type": "string"},
		"meta":     {"canonical": "string", "version": "string", "lastModified": "string"},
		"location": {"address": "string", "postalCode": "string", "city": "string", "countryCode": "string", "region": "string"},
	}
	typeOf := func(v any) string {
		switch v.(type) {
		case string:
			return "string"
		case map[string]any:
			return "object"
		case []any:
			return "array"
		case nil:
			return "null"
		default:
			return fmt.Sprintf("%T", v)
		}
	}
	var checkObject func(where, section string, obj map[string]any)
	checkObject = func(where, section string, obj map[string]any) {
		for k, v := range obj {
			want, known := fields[section][k]
			if !known {
				continue // additionalProperties: true inside the sections
			}
			switch want {
			case "date":
				s, ok := v.(string)
				if !ok || !iso8601.MatchString(s) {
					bad("%s.%s: %v is not an iso8601 date", where, k, v)
				}
			case "strings":
				items, ok := v.([]any)
				if !ok {
					bad("%s.%s: %s, want an array of strings", where, k, typeOf(v))
				}
				for i, it := range items {
					if _, ok := it.(string); !ok {
						bad("%s.%s[%d]: %s, want a string", where, k, i, typeOf(it))
					}
				}
			default:
				if got := typeOf(v); got != want {
					bad("%s.%s: %s, want %s", where, k, got, want)
				}
				if k == "location" {
					if m, ok := v.(map[string]any); ok {
						checkObject(where+".location", "location", m)
					}
				}
			}
		}
	}
	for k, v := range doc {
		want, ok := root[k]
		if !ok {
			bad("%s: not a property of the JSON Resume schema (the root allows no others)", k)
			continue
		}
		if got := typeOf(v); got != want {
			bad("%s: %s, want %s", k, got, want)
			continue
		}
		switch v := v.(type) {
		case map[string]any:
			checkObject(k, k, v)
		case []any:
			for i, it := range v {
				m, ok := it.(map[string]any)
				if !ok {
					bad("%s[%d]: %s, want an object", k, i, typeOf(it))
					continue
				}
				checkObject(fmt.Sprintf("%s[%d]", k, i), k, m)
			}
		}
	}
	return errs
}
