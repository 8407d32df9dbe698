"""What the benchmark results files say about the machine they ran on."""

from __future__ import annotations

from pathlib import Path


def cpu_model(default: str = "?") -> str:
    """The CPU's model name from /proc/cpuinfo, or ``default``."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return default


def ram_gib() -> str:
    """Total memory from /proc/meminfo, as "23.5 GiB", or "?"."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return "?"
