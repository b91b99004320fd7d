"""What the Python end-to-end scripts share (desk.py, channels.py): one line
per check, and the summary line "N passed, M failed" that lib.sh's scripts end with."""

passed = failed = 0


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
        print(f"ok   - {name}")
    else:
        failed += 1
        print(f"FAIL - {name}")
        if detail:
            print(f"       {detail}"[:600])


def finish():
    """Prints the summary; the exit status for sys.exit."""
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1
