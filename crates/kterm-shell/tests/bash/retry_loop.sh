attempt=0
until [ $attempt -ge 3 ]; do
  attempt=$((attempt+1))
  if [ $attempt -eq 2 ]; then echo "ok on $attempt"; break; fi
  echo "retry $attempt"
done
