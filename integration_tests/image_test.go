package integration_tests

import (
	"bytes"
	"context"
	"debug/elf"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
	"github.com/intercom-connector/source-intercom/internal/protocoltest"
	"github.com/intercom-connector/source-intercom/source/streams"
)

// EnvRequireImage makes the image test fail, rather than skip, where no
// container tool runs. CI sets it.
const EnvRequireImage = "SOURCE_INTERCOM_REQUIRE_IMAGE_TEST"

// Airbyte's launcher conventions (airbyte-platform, FileConstants and the
// workload launcher's ContainerCommandFactory): a connector job writes its
// output to /config/jobOutput.json; a read writes to the named pipes
// "stdout" and "stderr" in /source, its working directory; both leave their
// exit code in exitCode.txt.
const (
	launcherConfigDir = "/config"
	launcherSourceDir = "/source"
)

// launcherWrapper is the shell around every connector command, in the shape
// of the workload launcher's connectorCommandWrapper.
func launcherWrapper(command string) string {
	return `if [ -z "$AIRBYTE_ENTRYPOINT" ]; then
  echo "Entrypoint was not set! AIRBYTE_ENTRYPOINT must be set in the container."
  exit 127
else
  echo "Using AIRBYTE_ENTRYPOINT: $AIRBYTE_ENTRYPOINT"
fi
(` + command + `) &
CHILD_PID=$!
(while true; do if [ -f TERMINATED ]; then kill $CHILD_PID; exit 0; fi; sleep 10; done) &
wait $CHILD_PID
EXIT_CODE=$?
echo $EXIT_CODE > exitCode.txt
exit $EXIT_CODE`
}

// launcherSourceRead is the launcher's source command.
const launcherSourceRead = `if [ ! -f /source/inputState.json ]; then
  eval "$AIRBYTE_ENTRYPOINT read --config /source/connectorConfig.json --catalog /source/catalog.json" 2> stderr > stdout
else
  eval "$AIRBYTE_ENTRYPOINT read --config /source/connectorConfig.json --catalog /source/catalog.json --state /source/inputState.json" 2> stderr > stdout
fi`

// TestImageRunsUnderAirbyteLauncher builds the Dockerfile's final stage as a
// twin from local files (the connector built with the Dockerfile's go build
// command, Debian's static busybox, build/rootfs.sh laying out the tree, the
// final stage's instructions verbatim) and runs spec, check, discover and
// read in it the way Airbyte's launcher does: sh -c around eval
// "$AIRBYTE_ENTRYPOINT ...", output redirected to a file or to named pipes
// on a shared volume, a read-only root, the image's non-root user, no
// capabilities, config and catalog mounted read-only. The read's records
// are compared with the fake's own data.
func TestImageRunsUnderAirbyteLauncher(t *testing.T) {
	t.Parallel()
	engine := containerEngine(t)
	image := buildImageTwin(t, engine)

	var inspect []struct {
		Config struct {
			User string
			Env  []string
		}
	}
	out, err := exec.Command(engine, "image", "inspect", image).Output()
	if err != nil || json.Unmarshal(out, &inspect) != nil || len(inspect) != 1 {
		t.Fatalf("inspect %s: %v", image, err)
	}
	if u := inspect[0].Config.User; u != "1000:1000" {
		t.Errorf("image user %q, want 1000:1000 (airbyte, numeric for runAsNonRoot)", u)
	}

	srv, url := fake(t, fakeintercom.Options{Seed: 11, Size: fakeintercom.Tiny})
	cfg := config(url, nil)

	spec := onlyOf(t, launcherJob(t, engine, image, "spec", nil), "SPEC")
	if _, ok := spec["spec"].(map[string]any)["connectionSpecification"]; !ok {
		t.Fatalf("spec through the launcher: %v", spec)
	}
	check := onlyOf(t, launcherJob(t, engine, image, "check --config /config/connectorConfig.json", cfg), "CONNECTION_STATUS")
	if check["connectionStatus"].(map[string]any)["status"] != "SUCCEEDED" {
		t.Fatalf("check through the launcher: %v", check)
	}
	disc := onlyOf(t, launcherJob(t, engine, image, "discover --config /config/connectorConfig.json", cfg), "CATALOG")
	var names []string
	var configured []any
	for _, s := range disc["catalog"].(map[string]any)["streams"].([]any) {
		st := s.(map[string]any)
		names = append(names, st["name"].(string))
		mode := "full_refresh"
		if slices.Contains(st["supported_sync_modes"].([]any), any("incremental")) {
			mode = "incremental"
		}
		configured = append(configured, map[string]any{"stream": st, "sync_mode": mode, "destination_sync_mode": "append"})
	}
	if len(names) != len(streams.All()) {
		t.Errorf("discover listed %d streams, want %d", len(names), len(streams.All()))
	}

	r := launcherRead(t, engine, image, cfg, map[string]any{"streams": configured})
	if r.code != 0 {
		t.Fatalf("read exit %d\nstderr: %s\nerrors: %v", r.code, r.stderr, r.errors())
	}
	recs := r.records()
	for _, name := range names {
		s, _ := streams.Lookup(name)
		want := keys(srv.Records(name), s.PrimaryKey)
		if got := keys(recs[name], s.PrimaryKey); !slices.Equal(got, want) {
			t.Errorf("%s: read %d records through the launcher, the fake holds %d", name, len(got), len(want))
		}
		if st := r.statuses()[name]; len(st) == 0 || st[len(st)-1] != "COMPLETE" {
			t.Errorf("%s: statuses %v", name, st)
		}
	}
}

// onlyOf returns the one message of type typ among msgs.
func onlyOf(t *testing.T, msgs []map[string]any, typ string) map[string]any {
	t.Helper()
	var found []map[string]any
	for _, m := range msgs {
		if m["type"] == typ {
			found = append(found, m)
		}
	}
	if len(found) != 1 {
		t.Fatalf("want exactly one %s message, got %d of %d messages", typ, len(found), len(msgs))
	}
	return found[0]
}

// containerEngine finds podman or docker able to build and run here.
func containerEngine(t *testing.T) string {
	t.Helper()
	for _, e := range []string{"podman", "docker"} {
		if _, err := exec.LookPath(e); err != nil {
			continue
		}
		if err := exec.Command(e, "info").Run(); err == nil {
			return e
		}
	}
	msg := "no container engine (podman or docker) can run here; the image test needs one"
	if os.Getenv(EnvRequireImage) != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// buildImageTwin builds the final stage of the Dockerfile from local files
// and returns the image's name; the image is removed when the test ends.
func buildImageTwin(t *testing.T, engine string) string {
	t.Helper()
	busybox, err := exec.LookPath("busybox")
	if err != nil {
		msg := "busybox not found (Debian: busybox-static); the image twin needs it"
		if os.Getenv(EnvRequireImage) != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	checkStaticELF(t, busybox).Close()
	ctxDir := t.TempDir()
	bin := buildLikeDockerfile(t, filepath.Join(t.TempDir(), "source-intercom"))
	ca := "/etc/ssl/certs/ca-certificates.crt"
	if _, err := os.Stat(ca); err != nil {
		t.Fatalf("no CA bundle at %s: %v", ca, err)
	}
	rootfs := exec.Command("sh", "../build/rootfs.sh", filepath.Join(ctxDir, "rootfs"), bin, busybox, ca)
	if out, err := rootfs.CombinedOutput(); err != nil {
		t.Fatalf("build/rootfs.sh: %v\n%s", err, out)
	}
	if err := os.WriteFile(filepath.Join(ctxDir, "Containerfile"), []byte(finalStageTwin(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	image := fmt.Sprintf("localhost/source-intercom-twin:%d", time.Now().UnixNano())
	tag := loadMetadata(t).Data.DockerImageTag
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	build := exec.CommandContext(ctx, engine, "build", "-q", "--build-arg", "VERSION="+tag, "-t", image, ctxDir)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("%s build: %v\n%s", engine, err, out)
	}
	t.Cleanup(func() { exec.Command(engine, "rmi", "-f", image).Run() })
	return image
}

// finalStageTwin is the Dockerfile's global ARGs and final stage, with the
// copy of the build stage's tree taken from the local rootfs/ instead.
func finalStageTwin(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile("../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(raw), "\n")
	from := regexp.MustCompile(`(?i)^FROM\s`)
	last, first := -1, -1
	for i, l := range lines {
		if from.MatchString(l) {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	var b strings.Builder
	for _, l := range lines[:first] {
		if strings.HasPrefix(strings.ToUpper(strings.TrimSpace(l)), "ARG ") {
			b.WriteString(l + "\n")
		}
	}
	copyRootfs := regexp.MustCompile(`^COPY --from=build /rootfs/ /$`)
	copies := 0
	for _, l := range lines[last:] {
		if copyRootfs.MatchString(strings.TrimSpace(l)) {
			l, copies = "COPY rootfs/ /", copies+1
		} else if strings.Contains(l, "--from=") {
			t.Fatalf("final stage line %q copies from another stage; the twin knows only the rootfs copy", l)
		}
		b.WriteString(l + "\n")
	}
	if copies != 1 {
		t.Fatalf("the final stage must copy the build stage's tree once (COPY --from=build /rootfs/ /), found %d", copies)
	}
	return b.String()
}

// buildLikeDockerfile builds the connector with the Dockerfile's go build
// command into out.
func buildLikeDockerfile(t *testing.T, out string) string {
	t.Helper()
	df := parseDockerfile(t)
	_, env, args := df.goBuild(t)
	i := slices.Index(args, "-o")
	if i < 0 || i+1 >= len(args) {
		t.Fatal("the Dockerfile's go build has no -o")
	}
	args = slices.Clone(args)
	args[i+1] = out
	for j, a := range args {
		args[j] = strings.ReplaceAll(a, "${VERSION}", loadMetadata(t).Data.DockerImageTag)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	build := exec.CommandContext(ctx, "go", args...)
	build.Dir = ".."
	build.Env = append(os.Environ(), env...)
	build.Env = append(build.Env, "GOOS=linux")
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go %v: %v\n%s", args, err, b)
	}
	return out
}

// checkStaticELF wants an ELF executable with no interpreter and no
// shared libraries, and returns it open.
func checkStaticELF(t *testing.T, bin string) *elf.File {
	t.Helper()
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP || p.Type == elf.PT_DYNAMIC {
			t.Fatalf("%s is dynamically linked (%v): it cannot run in the image", bin, p.Type)
		}
	}
	if libs, err := f.ImportedLibraries(); err != nil || len(libs) > 0 {
		t.Fatalf("%s needs shared libraries %v (%v)", bin, libs, err)
	}
	return f
}

// runFlags are what every launcher container gets here: a read-only root,
// no capabilities, no privilege gain, the host's loopback (where the fake
// listens), and the image's own user.
func runFlags() []string {
	return []string{"run", "--rm", "--read-only", "--cap-drop=ALL", "--security-opt=no-new-privileges",
		"--network=host", "--entrypoint=sh"}
}

// launcherJob runs a spec, check or discover job as the workload launcher
// does and returns the messages of its job output.
func launcherJob(t *testing.T, engine, image, command string, cfg map[string]any) []map[string]any {
	t.Helper()
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	args := append(runFlags(), "-v", dir+":"+launcherConfigDir, "-w", launcherConfigDir)
	if cfg != nil {
		args = append(args, "-v", writeReadOnly(t, cfg)+":"+launcherConfigDir+"/connectorConfig.json:ro")
	}
	script := launcherWrapper(`eval "$AIRBYTE_ENTRYPOINT ` + command + `" > ` + launcherConfigDir + `/jobOutput.json`)
	args = append(args, image, "-c", script)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if out, err := exec.CommandContext(ctx, engine, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", command, err, out)
	}
	if code := readExitCode(t, dir); code != "0" {
		t.Fatalf("%s: exitCode.txt says %s", command, code)
	}
	output, err := os.ReadFile(filepath.Join(dir, "jobOutput.json"))
	if err != nil {
		t.Fatal(err)
	}
	v, err := protocoltest.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	msgs, err := v.ValidateStream(bytes.NewReader(output))
	if err != nil {
		t.Fatalf("%s: job output is not valid protocol: %v", command, err)
	}
	return msgs
}

// launcherRead runs a read as the replication pod does: the connector
// writes into named pipes that this test, in the orchestrator's place, reads.
func launcherRead(t *testing.T, engine, image string, cfg, cat map[string]any) run {
	t.Helper()
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"stdout", "stderr"} {
		if err := syscall.Mkfifo(filepath.Join(dir, p), 0o666); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(filepath.Join(dir, p), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	args := append(runFlags(), "-v", dir+":"+launcherSourceDir, "-w", launcherSourceDir,
		"-v", writeReadOnly(t, cfg)+":"+launcherSourceDir+"/connectorConfig.json:ro",
		"-v", writeReadOnly(t, cat)+":"+launcherSourceDir+"/catalog.json:ro",
		image, "-c", launcherWrapper(launcherSourceRead))
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, engine, args...)
	var wrapperOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &wrapperOut, &wrapperOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var stdout, stderr []byte
	drain := func(name string, into *[]byte) {
		defer wg.Done()
		f, err := os.OpenFile(filepath.Join(dir, name), os.O_RDONLY, 0)
		if err != nil {
			t.Error(err)
			return
		}
		defer f.Close()
		*into, _ = io.ReadAll(f)
	}
	wg.Add(2)
	go drain("stdout", &stdout)
	go drain("stderr", &stderr)
	err := cmd.Wait()
	wg.Wait()
	var r run
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("read: %v\n%s", err, wrapperOut.Bytes())
	}
	if code := readExitCode(t, dir); code != fmt.Sprint(r.code) {
		t.Errorf("exitCode.txt says %s, the container exited %d", code, r.code)
	}
	r.stdout, r.stderr = stdout, stderr
	v, err := protocoltest.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	if r.msgs, err = v.ValidateStream(bytes.NewReader(stdout)); err != nil {
		t.Fatalf("read: stdout pipe is not valid protocol: %v", err)
	}
	return r
}

func readExitCode(t *testing.T, dir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "exitCode.txt"))
	if err != nil {
		t.Fatalf("the launcher wrapper left no exit code: %v", err)
	}
	return strings.TrimSpace(string(b))
}

// writeReadOnly writes v as JSON to a file other users can read, for a
// read-only mount.
func writeReadOnly(t *testing.T, v any) string {
	t.Helper()
	dir := t.TempDir()
	os.Chmod(dir, 0o755)
	p := filepath.Join(dir, "file.json")
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
