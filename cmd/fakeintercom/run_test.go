package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestRunServesUntilCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	outR, outW := io.Pipe()
	var stderr strings.Builder
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, []string{"--size", "tiny", "--seed", "3", "--token", "tok", "--timezone", "Europe/Paris"}, outW, &stderr)
		outW.Close()
	}()
	base := readLine(t, outR)
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("first stdout line = %q", base)
	}
	me := getJSON(t, base+"/me", "tok")
	if tz := me["app"].(map[string]any)["timezone"]; tz != "Europe/Paris" {
		t.Errorf("timezone = %v", tz)
	}
	cancel()
	select {
	case c := <-code:
		if c != 0 {
			t.Errorf("exit code %d, stderr %s", c, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not stop after cancellation")
	}
	if rest, _ := io.ReadAll(outR); len(rest) != 0 {
		t.Errorf("extra stdout: %q", rest)
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	for _, args := range [][]string{{"--size", "huge"}, {"--timezone", "Mars/Olympus"}, {"--nope"}} {
		var stdout, stderr strings.Builder
		if c := run(context.Background(), args, &stdout, &stderr); c != 2 || stdout.Len() != 0 {
			t.Errorf("%v: exit %d, stdout %q", args, c, stdout.String())
		}
	}
}

func readLine(t *testing.T, r io.Reader) string {
	t.Helper()
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(r).ReadString('\n')
		line <- strings.TrimSpace(s)
	}()
	select {
	case l := <-line:
		return l
	case <-time.After(10 * time.Second):
		t.Fatal("no base URL on stdout")
	}
	return ""
}

func getJSON(t *testing.T, url, token string) map[string]any {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d, err %v", url, resp.StatusCode, err)
	}
	return out
}
