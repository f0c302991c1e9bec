a="outer $(echo "inner \"q\" $(echo deep)")"
echo "$a"
echo '$(not run)' "\$(not run)" "$(echo '$HOME')"
