echo {1..3}{a,b}
echo pre-{x,y}-post
echo {a..c}{1..2}
echo {1..10..3} {z..x}
mkdir -p br && cd br && touch f{1,2,3}.txt && echo f*.txt
x=1; echo {$x,2}
echo {a,b\,c}
