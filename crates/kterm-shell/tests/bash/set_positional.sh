set -- x y
echo "$@"
set --
echo "$#"
set -- "a b" c; IFS=,; echo "$*"
