greet() {
  local who=${1:-world}
  echo "hello $who"
}
declare -f greet
type greet
