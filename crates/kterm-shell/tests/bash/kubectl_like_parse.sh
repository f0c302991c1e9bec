out="pod/web-1 Running
pod/web-2 Pending
pod/db-0 Running"
running=0
while read -r name status; do
  [[ $status == Running ]] && running=$((running+1))
  echo "${name#pod/}: ${status,,}"
done <<< "$out"
echo "running=$running"
