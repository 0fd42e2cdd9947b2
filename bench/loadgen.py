"""A small closed-loop HTTP load generator: N clients, each with its own keep-alive connection.

It measures our pages and the bare baseline the same way, so their ratio is fair even though
the generator shares the machine with the server.
"""

import http.client
import statistics
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass
class LoadResult:
    label: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies) + self.errors

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def pct(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        if len(self.latencies) == 1:
            return self.latencies[0]
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[int(q) - 1]


def run_load(
    *,
    base_url: str,
    paths: list[str],
    cookies: list[str],
    clients: int,
    seconds: float,
    label: str,
    max_requests: int = 1_000_000,
) -> LoadResult:
    """`clients` threads request `paths` round-robin for `seconds` (bounded in count too).

    Client i uses cookie header cookies[i % len(cookies)] (a signed-in session), so many
    different people are simulated. A response other than 200 counts as an error.
    """
    parts = urlsplit(base_url)
    result = LoadResult(label=label)
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    budget = [max_requests]

    def worker(index: int):
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        headers = {"Host": parts.hostname or "127.0.0.1"}
        if cookies:
            headers["Cookie"] = cookies[index % len(cookies)]
        i = index
        while time.monotonic() < deadline:
            with lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            path = paths[i % len(paths)]
            i += 1
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
                detail = f"{response.status} {path}"
            except (OSError, http.client.HTTPException) as exc:
                ok, detail = False, f"{type(exc).__name__} {path}"
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            elapsed = time.perf_counter() - started
            with lock:
                if ok:
                    result.latencies.append(elapsed)
                else:
                    result.errors += 1
                    if len(result.error_samples) < 5:
                        result.error_samples.append(detail)
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 60)
    result.seconds = time.monotonic() - started
    return result
