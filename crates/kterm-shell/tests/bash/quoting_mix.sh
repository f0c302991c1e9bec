echo 'single "double" $no'
echo "double 'single' $HOME"
echo "tab:	:" 'nl:\n:'
echo \$HOME \\ \" \'
echo "a\"b" 'a'\''b'
echo $'\'quoted\'' "$(echo "inner")"
echo "\$(literal)" "\`also\`"
