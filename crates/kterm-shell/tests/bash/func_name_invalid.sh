# Function names with quoting or `$` are refused when the definition runs
# (bash: "not a valid identifier", status 1); the script goes on.
'f'() { echo quoted; }
echo "status $?"
"g" () { :; }
echo "status $?"
x=h
$x() {
    echo dollar
}
echo "status $?"
a\b() { :; }
echo "status $?"
function 'k' { :; }
echo "status $?"
function ${x}2 () { :; }
echo "status $?"
declare -F
type f >/dev/null 2>&1; echo "type $?"
plain() { echo plain; }
plain
