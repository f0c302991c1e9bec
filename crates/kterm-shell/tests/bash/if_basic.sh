x=3
if [ "$x" -gt 2 ]; then echo big; else echo small; fi
if [ "$x" -lt 2 ]; then echo a; elif [ "$x" -eq 3 ]; then echo three; else echo c; fi
if false; then echo no; fi; echo "status $?"
if ! false; then echo negated; fi
