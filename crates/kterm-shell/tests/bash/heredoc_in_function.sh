show() {
  cat <<EOF
name=$1
EOF
}
show alpha
show beta
