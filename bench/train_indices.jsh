// Writes the training images' indices of conf/default.yaml's split (one index into the training file a line)
// to out/train_indices.txt, for bench/torch_accuracy_peer.py --train-indices and bench/torch_accuracy_seeds.py:
//   source bin/common.sh && er_ensure_built && jshell -R-Xmx2g --class-path "$(er_classpath)" bench/train_indices.jsh
import org.earlyrank.config.*;
import org.earlyrank.data.*;
var cfg = ConfigLoader.load(java.nio.file.Path.of("conf/default.yaml"), java.util.Map.of());
DatasetOptions d = cfg.get(DatasetOptions.SECTION);
var s = DatasetLoader.load(d, new org.apache.hadoop.conf.Configuration());
java.nio.file.Files.createDirectories(java.nio.file.Path.of("out"));
java.nio.file.Files.write(java.nio.file.Path.of("out/train_indices.txt"), java.util.Arrays.stream(s.trainIndices()).mapToObj(Integer::toString).toList());
System.out.println("wrote out/train_indices.txt: " + s.trainIndices().length + " training images");
/exit
