package config

import (
	"os"
	"sort"

	"github.com/pelletier/go-toml/v2"
)

// TenantNames lists the [tenants.NAME] tables of the config file at path,
// sorted (for completing --tenant). A missing or unreadable file has none.
func TenantNames(path string) ([]string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var fv struct {
		Tenants map[string]any `toml:"tenants"`
	}
	if err := toml.Unmarshal(raw, &fv); err != nil {
		return nil, err
	}
	names := make([]string, 0, len(fv.Tenants))
	for n := range fv.Tenants {
		names = append(names, n)
	}
	sort.Strings(names)
	return names, nil
}
