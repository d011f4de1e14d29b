package integration_tests

import (
	"bytes"
	"debug/buildinfo"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/intercom-connector/source-intercom/internal/protocoltest"
)

// No Docker engine runs where these tests do, so they check what can be
// checked without one: the Dockerfile read as text, and the binary built
// with the Dockerfile's own build command.

// dockerfile is a parsed Dockerfile: its build stages in order.
type dockerfile struct {
	stages []*stage
}

type stage struct {
	from, name string
	args       map[string]string
	ins        []instruction
}

// instruction is one instruction with its continuation lines joined.
type instruction struct {
	cmd, rest string
}

// parseDockerfile reads ../Dockerfile. ARGs before the first FROM are
// global defaults, which a stage takes in with a bare ARG.
func parseDockerfile(t *testing.T) *dockerfile {
	t.Helper()
	raw, err := os.ReadFile("../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	df := &dockerfile{}
	global := map[string]string{}
	var cur *stage
	var line strings.Builder
	for l := range strings.SplitSeq(string(raw), "\n") {
		trimmed := strings.TrimSpace(l)
		if strings.HasPrefix(trimmed, "#") || (trimmed == "" && line.Len() == 0) {
			continue
		}
		if strings.HasSuffix(trimmed, `\`) {
			line.WriteString(strings.TrimSuffix(trimmed, `\`) + " ")
			continue
		}
		line.WriteString(trimmed)
		cmd, rest, _ := strings.Cut(line.String(), " ")
		line.Reset()
		in := instruction{cmd: strings.ToUpper(cmd), rest: strings.TrimSpace(rest)}
		switch {
		case in.cmd == "FROM":
			f := strings.Fields(in.rest)
			cur = &stage{from: f[0], args: map[string]string{}}
			if len(f) == 3 && strings.EqualFold(f[1], "AS") {
				cur.name = f[2]
			}
			df.stages = append(df.stages, cur)
		case in.cmd == "ARG":
			name, def, hasDef := strings.Cut(in.rest, "=")
			if cur == nil {
				global[name] = def
			} else if hasDef {
				cur.args[name] = def
			} else {
				cur.args[name] = global[name]
			}
		case cur == nil:
			t.Fatalf("Dockerfile: %s before the first FROM", in.cmd)
		default:
			cur.ins = append(cur.ins, in)
		}
	}
	if len(df.stages) == 0 {
		t.Fatal("Dockerfile has no FROM")
	}
	return df
}

// all returns a stage's instructions of one kind.
func (s *stage) all(cmd string) []instruction {
	var out []instruction
	for _, in := range s.ins {
		if in.cmd == cmd {
			out = append(out, in)
		}
	}
	return out
}

// words splits an instruction's arguments as a shell would, expanding the
// stage's ARGs.
func (s *stage) words(t *testing.T, text string) []string {
	t.Helper()
	w, err := shellWords(text, s.args)
	if err != nil {
		t.Fatalf("Dockerfile: %v: %s", err, text)
	}
	return w
}

// shellWords splits text into words honouring quotes and backslashes and
// expands $VAR and ${VAR} (not inside single quotes) from vars.
func shellWords(text string, vars map[string]string) ([]string, error) {
	var out []string
	var cur strings.Builder
	inWord := false
	var quote rune
	rs := []rune(text)
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		switch {
		case quote == '\'' && c != '\'':
			cur.WriteRune(c)
		case c == '\'' || c == '"':
			inWord = true
			if quote == c {
				quote = 0
			} else if quote == 0 {
				quote = c
			} else {
				cur.WriteRune(c)
			}
		case c == '\\' && i+1 < len(rs):
			i++
			cur.WriteRune(rs[i])
			inWord = true
		case c == '$':
			name, n := varName(rs[i+1:])
			if name == "" {
				cur.WriteRune(c)
			} else {
				cur.WriteString(vars[name])
				i += n
			}
			inWord = true
		case quote == 0 && (c == ' ' || c == '\t'):
			if inWord {
				out = append(out, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(c)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unclosed %c quote", quote)
	}
	if inWord {
		out = append(out, cur.String())
	}
	return out, nil
}

// varName reads the variable name after a $, and how many runes it spans.
func varName(rs []rune) (string, int) {
	if len(rs) > 0 && rs[0] == '{' {
		end := slices.Index(rs, '}')
		if end < 0 {
			return "", 0
		}
		return string(rs[1:end]), end + 1
	}
	n := 0
	for n < len(rs) && (rs[n] == '_' || ('A' <= rs[n] && rs[n] <= 'Z') || ('a' <= rs[n] && rs[n] <= 'z') || ('0' <= rs[n] && rs[n] <= '9')) {
		n++
	}
	return string(rs[:n]), n
}

// copyInstr is a COPY: its flags, sources and destination.
type copyInstr struct {
	from, chown string
	srcs        []string
	dest        string
}

func (s *stage) copies(t *testing.T) []copyInstr {
	t.Helper()
	var out []copyInstr
	for _, in := range s.all("COPY") {
		var c copyInstr
		var paths []string
		for _, w := range s.words(t, in.rest) {
			switch {
			case strings.HasPrefix(w, "--from="):
				c.from = strings.TrimPrefix(w, "--from=")
			case strings.HasPrefix(w, "--chown="):
				c.chown = strings.TrimPrefix(w, "--chown=")
			case strings.HasPrefix(w, "--"):
			default:
				paths = append(paths, w)
			}
		}
		if len(paths) < 2 {
			t.Fatalf("Dockerfile: COPY %s has no destination", in.rest)
		}
		c.srcs, c.dest = paths[:len(paths)-1], paths[len(paths)-1]
		out = append(out, c)
	}
	return out
}

// goBuild finds the build stage's go build command: its environment
// assignments and its arguments after "go".
func (df *dockerfile) goBuild(t *testing.T) (st *stage, env, args []string) {
	t.Helper()
	for _, s := range df.stages {
		for _, in := range s.all("RUN") {
			w := s.words(t, in.rest)
			i := 0
			for i < len(w) && strings.Contains(w[i], "=") {
				i++
			}
			if i+1 < len(w) && w[i] == "go" && w[i+1] == "build" {
				return s, w[:i], w[i+1:]
			}
		}
	}
	t.Fatal("Dockerfile has no RUN go build")
	return nil, nil, nil
}

// keyValues parses ENV or LABEL arguments: key=value pairs, or for ENV
// the legacy "key value" form.
func (s *stage) keyValues(t *testing.T, cmd string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, in := range s.all(cmd) {
		w := s.words(t, in.rest)
		if len(w) > 0 && !strings.Contains(w[0], "=") {
			out[w[0]] = strings.Join(w[1:], " ")
			continue
		}
		for _, kv := range w {
			k, v, _ := strings.Cut(kv, "=")
			out[k] = v
		}
	}
	return out
}

// passwdEntry is a line of /etc/passwd: name, uid, gid.
var passwdEntry = regexp.MustCompile(`([a-z_][a-z0-9_-]*):x:([0-9]+):([0-9]+):`)

// users maps the uids of the passwd entries build/rootfs.sh writes to their names.
func (df *dockerfile) users() map[string]string {
	out := map[string]string{}
	raw, _ := os.ReadFile("../build/rootfs.sh")
	for _, m := range passwdEntry.FindAllStringSubmatch(strings.ReplaceAll(string(raw), `\n`, "\n"), -1) {
		out[m[2]] = m[1]
	}
	return out
}

// TestDockerfileFollowsAirbyteRules checks the Dockerfile as text: a pinned
// Go builder matching go.mod, a static build, a scratch final stage holding only
// the tree build/rootfs.sh lays out (binary, static busybox, CA bundle,
// users), the non-root user airbyte, an absolute
// exec-form ENTRYPOINT that AIRBYTE_ENTRYPOINT repeats, and labels equal to
// metadata.yaml.
func TestDockerfileFollowsAirbyteRules(t *testing.T) {
	t.Parallel()
	df := parseDockerfile(t)
	md := loadMetadata(t).Data
	build, env, args := df.goBuild(t)
	checkBuilderImage(t, build.from)
	if !slices.Contains(env, "CGO_ENABLED=0") {
		t.Errorf("go build runs with %v, want CGO_ENABLED=0", env)
	}
	if !slices.Contains(args, "-trimpath") {
		t.Errorf("go build %v lacks -trimpath", args)
	}
	if v := build.args["VERSION"]; v != md.DockerImageTag {
		t.Errorf("the build stage's VERSION is %q, metadata.yaml's dockerImageTag %q", v, md.DockerImageTag)
	}
	if ld := flagValue(args, "-ldflags"); !strings.Contains(ld, "-X main.version="+md.DockerImageTag) {
		t.Errorf("-ldflags %q does not stamp main.version with %s", ld, md.DockerImageTag)
	}
	final := df.stages[len(df.stages)-1]
	if final.from != "scratch" {
		t.Errorf("final stage is FROM %s; want scratch with the tree build/rootfs.sh lays out", final.from)
	}
	// The build stage lays out the image's tree with build/rootfs.sh from
	// the binary it built, and the final stage copies that tree alone.
	out := flagValue(args, "-o")
	var rootfs []string
	for _, in := range build.all("RUN") {
		if w := build.words(t, in.rest); len(w) == 6 && w[0] == "sh" && w[1] == "build/rootfs.sh" {
			rootfs = w[2:]
		}
	}
	if len(rootfs) != 4 || rootfs[1] != out || rootfs[2] != "/bin/busybox" || !strings.HasPrefix(rootfs[3], "/etc/ssl/certs/") {
		t.Errorf("the build stage must run sh build/rootfs.sh DEST %s /bin/busybox CA_BUNDLE; found %v", out, rootfs)
	}
	if !slices.ContainsFunc(build.all("RUN"), func(in instruction) bool { return strings.Contains(in.rest, "busybox-static") }) {
		t.Error("the build stage does not install Debian's busybox-static")
	}
	copies := final.copies(t)
	if len(copies) != 1 || copies[0].from != build.name || len(rootfs) == 4 && strings.TrimSuffix(copies[0].srcs[0], "/") != rootfs[0] || copies[0].dest != "/" {
		t.Errorf("the final stage must copy only the tree rootfs.sh wrote: COPY --from=%s %v/ /; found %+v", build.name, rootfs, copies)
	}
	checkUser(t, df, final)
	var entry []string
	eps := final.all("ENTRYPOINT")
	if len(eps) != 1 || json.Unmarshal([]byte(eps[0].rest), &entry) != nil || len(entry) == 0 {
		t.Fatalf("want one ENTRYPOINT in exec (JSON) form, got %v", eps)
	}
	if entry[0] != "/airbyte/source-intercom" {
		t.Errorf("ENTRYPOINT %v is not the binary rootfs.sh places at /airbyte/source-intercom", entry)
	}
	finalEnv := final.keyValues(t, "ENV")
	if got := finalEnv["AIRBYTE_ENTRYPOINT"]; got != strings.Join(entry, " ") {
		t.Errorf("AIRBYTE_ENTRYPOINT %q, want the ENTRYPOINT joined: %q", got, strings.Join(entry, " "))
	}
	if !slices.Contains(strings.Split(finalEnv["PATH"], ":"), "/bin") {
		t.Errorf("PATH %q does not hold /bin, where the launcher's sh is", finalEnv["PATH"])
	}
	labels := final.keyValues(t, "LABEL")
	if labels["io.airbyte.name"] != md.DockerRepository || labels["io.airbyte.version"] != md.DockerImageTag {
		t.Errorf("labels io.airbyte.name %q, io.airbyte.version %q; metadata.yaml says %q, %q",
			labels["io.airbyte.name"], labels["io.airbyte.version"], md.DockerRepository, md.DockerImageTag)
	}
}

// checkBuilderImage wants a Go image pinned to a patch release that
// satisfies go.mod's go directive.
func checkBuilderImage(t *testing.T, image string) {
	t.Helper()
	m := regexp.MustCompile(`^golang:([0-9]+)\.([0-9]+)\.([0-9]+)(-[a-z0-9.]+)?(@sha256:[0-9a-f]{64})?$`).FindStringSubmatch(image)
	if m == nil {
		t.Errorf("builder image %q is not golang pinned to a patch release (e.g. golang:1.26.8-bookworm)", image)
		return
	}
	mod, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	want := regexp.MustCompile(`(?m)^go ([0-9]+)\.([0-9]+)(?:\.([0-9]+))?$`).FindStringSubmatch(string(mod))
	if want == nil {
		t.Fatal("go.mod has no go directive")
	}
	if version(m[1], m[2], m[3]) < version(want[1], want[2], want[3]) {
		t.Errorf("builder image %s is older than go.mod's go %s.%s.%s", image, want[1], want[2], want[3])
	}
}

func version(parts ...string) int {
	v := 0
	for _, p := range parts {
		n, _ := strconv.Atoi(p)
		v = v*1000 + n
	}
	return v
}

// checkUser wants the final stage to run as the non-root user airbyte and
// returns the USER value.
func checkUser(t *testing.T, df *dockerfile, final *stage) string {
	t.Helper()
	us := final.all("USER")
	if len(us) == 0 {
		t.Fatal("the final stage has no USER: it would run as root")
	}
	user := us[len(us)-1].rest
	name, _, _ := strings.Cut(user, ":")
	if uid, err := strconv.Atoi(name); err == nil {
		if uid == 0 {
			t.Fatal("USER is root")
		}
		if df.users()[name] != "airbyte" {
			t.Errorf("USER %s is not the airbyte user the Dockerfile writes to /etc/passwd (users: %v)", user, df.users())
		}
	} else if name != "airbyte" {
		t.Errorf("USER %s, want airbyte", user)
	}
	return user
}

// flagValue returns the word after flag in args.
func flagValue(args []string, flag string) string {
	if i := slices.Index(args, flag); i >= 0 && i+1 < len(args) {
		return args[i+1]
	}
	return ""
}

// TestDockerignoreKeepsBuildInputs checks that no .dockerignore pattern
// drops a file the image's go build needs.
func TestDockerignoreKeepsBuildInputs(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("../.dockerignore")
	if err != nil {
		t.Fatal(err)
	}
	var patterns []string
	for l := range strings.SplitSeq(string(raw), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			patterns = append(patterns, strings.Trim(l, "/"))
		}
	}
	cmd := exec.Command("go", "list", "-deps", "-f", `{{if not .Standard}}{{.Dir}}{{end}}`, ".")
	cmd.Dir = ".."
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	root, _ := filepath.Abs("..")
	inputs := []string{"go.mod", "go.sum"}
	for dir := range strings.FieldsSeq(string(out)) {
		if rel, err := filepath.Rel(root, dir); err == nil && !strings.HasPrefix(rel, "..") {
			inputs = append(inputs, filepath.ToSlash(filepath.Join(rel, "x.go")))
		}
	}
	for _, in := range inputs {
		for _, p := range patterns {
			if ignores(p, in) {
				t.Errorf(".dockerignore pattern %q drops %s, which the build needs", p, filepath.Dir(in))
			}
		}
	}
}

// ignores reports whether a .dockerignore pattern matches path or one of
// its parent directories; a leading **/ matches at any depth.
func ignores(pattern, path string) bool {
	parts := strings.Split(path, "/")
	for i := 1; i <= len(parts); i++ {
		prefix := strings.Join(parts[:i], "/")
		if ok, _ := filepath.Match(pattern, prefix); ok {
			return true
		}
		if rest, ok := strings.CutPrefix(pattern, "**/"); ok {
			for j := 0; j < i; j++ {
				if ok, _ := filepath.Match(rest, strings.Join(parts[j:i], "/")); ok {
					return true
				}
			}
		}
	}
	return false
}

// TestImageBinaryIsStaticAndSelfContained builds the binary with the
// Dockerfile's own go build command and checks what the image relies on:
// no dynamic loader or shared libraries (the final stage has none), the
// build settings recorded, the version stamped, and spec answering with
// no environment at all, as in an empty container.
func TestImageBinaryIsStaticAndSelfContained(t *testing.T) {
	t.Parallel()
	bin := buildLikeDockerfile(t, filepath.Join(t.TempDir(), "source-intercom"))
	checkStatic(t, bin)
	tag := loadMetadata(t).Data.DockerImageTag
	info, err := buildinfo.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	// Go leaves -ldflags out of the settings of a -trimpath build; the
	// version stamp is checked by running --version below.
	if settings["-trimpath"] != "true" || settings["CGO_ENABLED"] != "0" {
		t.Errorf("build settings -trimpath=%q CGO_ENABLED=%q; want true, 0", settings["-trimpath"], settings["CGO_ENABLED"])
	}
	if runtime.GOOS != "linux" {
		t.Skip("the image's binary runs on linux only")
	}
	checkRunsBare(t, bin, tag)
}

// checkStatic wants an ELF executable without interpreter or needed
// libraries (checkStaticELF), stripped as -s asks.
func checkStatic(t *testing.T, bin string) {
	t.Helper()
	f := checkStaticELF(t, bin)
	defer f.Close()
	if f.Section(".symtab") != nil {
		t.Error("binary keeps its symbol table: -s did not apply")
	}
}

// checkRunsBare runs the binary as the empty image would: no environment,
// an empty working directory. spec must print exactly one valid SPEC
// message equal to spec.json, and --version the image's tag.
func checkRunsBare(t *testing.T, bin, tag string) {
	t.Helper()
	cmd := exec.Command(bin, "spec")
	cmd.Env = []string{}
	cmd.Dir = t.TempDir()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("spec with an empty environment: %v\nstderr: %s", err, stderr.Bytes())
	}
	v, err := protocoltest.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	msgs, err := v.ValidateStream(bytes.NewReader(stdout.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 1 || msgs[0]["type"] != "SPEC" {
		t.Fatalf("spec printed %d messages, want exactly one SPEC", len(msgs))
	}
	spec, _ := json.Marshal(msgs[0]["spec"])
	want, err := os.ReadFile("../spec.json")
	if err != nil {
		t.Fatal(err)
	}
	if canonicalJSON(spec) != canonicalJSON(want) {
		t.Error("spec of the image's binary differs from spec.json")
	}
	if stderr.Len() > 0 {
		t.Errorf("spec wrote to stderr: %s", stderr.Bytes())
	}
	ver := exec.Command(bin, "--version")
	ver.Env = []string{}
	out, err := ver.CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "source-intercom "+tag {
		t.Errorf("--version printed %q (%v), want source-intercom %s", out, err, tag)
	}
}

func TestShellWords(t *testing.T) {
	t.Parallel()
	vars := map[string]string{"VERSION": "1.2.3"}
	for in, want := range map[string][]string{
		`CGO_ENABLED=0 go build -ldflags "-s -w -X main.version=${VERSION}" -o /out/x .`: {"CGO_ENABLED=0", "go", "build", "-ldflags", "-s -w -X main.version=1.2.3", "-o", "/out/x", "."},
		`echo 'a $VERSION' b\ c $VERSION`:                                                {"echo", "a $VERSION", "b c", "1.2.3"},
		`k="a b" j=""`:                                                                   {"k=a b", "j="},
	} {
		got, err := shellWords(in, vars)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("shellWords(%s) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := shellWords(`"open`, nil); err == nil {
		t.Error("an unclosed quote was accepted")
	}
}
