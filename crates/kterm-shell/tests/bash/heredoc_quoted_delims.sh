cat <<"END"
$HOME `date` \n
END
cat <<E\OF
$HOME
EOF
cat <<'A B'
spaced delim
A B
