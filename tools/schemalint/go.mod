// A module boundary only: npm installs node_modules here, and some npm
// packages ship Go files (flatted does), which must not become packages of
// the cockpit module that go test ./... and go vet ./... walk.
module github.com/coopnetwork/cockpit/tools/schemalint

go 1.26
