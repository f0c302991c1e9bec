# declare -f prints (( … )) as written and nested definitions with
# `function`, indented with the body; the printed text reads back.
f() {
    ((1
+2))
    if true; then
        (( x = 1 +
          2 ))
    fi
}
declare -f f
g() {
    inner() { echo in; }
    function other {
        if a; then b; fi
    }
    h() ( echo sub )
    echo out
}
declare -f g
k() { outer() { nested() { :; }; }; }
declare -f k
eval "$(declare -f f)"
declare -f f
