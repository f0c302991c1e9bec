x=5
cat <<EOF | cat
piped $x
EOF
cat <<"EOF"
quoted $x
EOF
cat << EOF
spaced $((x*2)) `echo bt`
EOF
while read l; do echo "L:$l"; done <<END
a
b
END
f() { cat; }; f <<< "to function"
cat <<EOF
tab	kept
EOF
