echo ok
echo 'unclosed
echo more
