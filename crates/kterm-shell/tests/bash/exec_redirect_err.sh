exec 2> err.log
ls /nonexistent-dir
echo "st=$?"
exec 2>&1
cat err.log | wc -l
