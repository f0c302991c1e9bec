touch a.txt b.txt c.log .hidden
echo *.txt
echo ?.log
echo [ab].*
echo *.none
echo "*.txt"
echo *
